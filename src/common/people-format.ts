/**
 * Dates, times and amounts written for people, in French or English: "2 janvier 2027",
 * "vendredi 8 janvier 2027 à 9 h 30", "2 734,55 €" / "2 January 2027", "Friday 8 January 2027
 * at 9:30", "€2,734.55". Pure (Intl only): the e-mails, the findings and the web app use it, so
 * the same deadline reads the same everywhere.
 */
import { cachedFormat } from './intl-formats';

export type PeopleLanguage = 'fr' | 'en';

const LOCALE: Record<PeopleLanguage, string> = { fr: 'fr-FR', en: 'en-GB' };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Each formatter built once (by language and zone): e-mails write dates by the thousand. */
const dateFormat = (key: string, build: () => Intl.DateTimeFormat) => cachedFormat(`people:${key}`, build);
const isoDay = (timeZone: string) =>
  dateFormat(`iso:${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));

/** A calendar day (YYYY-MM-DD, or the day part of an ISO date-time) as people write it. */
export function formatDay(date: string, language: PeopleLanguage): string {
  const day = date.slice(0, 10);
  if (!ISO_DATE.test(day)) throw new Error(`not a date: ${date}`);
  const written = dateFormat(
    `day:${language}`,
    () => new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  ).format(new Date(`${day}T12:00:00Z`));
  // French writes the first of the month as an ordinal ("1er janvier"); Intl does not
  return language === 'fr' ? written.replace(/^1 /, '1er ') : written;
}

/** A moment with its weekday and time at the office: "vendredi 8 janvier 2027 à 9 h 30", "Friday 8 January 2027 at 9:30". */
export function formatAppointment(instant: Date | string, language: PeopleLanguage, timeZone: string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) throw new Error(`not a date-time: ${String(instant)}`);
  const weekday = dateFormat(`weekday:${language}:${timeZone}`, () => new Intl.DateTimeFormat(LOCALE[language], { timeZone, weekday: 'long' })).format(at);
  const clock = dateFormat(
    `time:${timeZone}`,
    () => new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }),
  ).formatToParts(at);
  const hour = Number(clock.find((p) => p.type === 'hour')!.value);
  const minute = clock.find((p) => p.type === 'minute')!.value.padStart(2, '0');
  const day = formatDay(isoDay(timeZone).format(at), language);
  // the typographic conventions of each language: "9 h 30" (Imprimerie nationale) and "9:30"
  return language === 'fr' ? `${weekday} ${day} à ${hour} h${minute === '00' ? '' : ` ${minute}`}` : `${weekday} ${day} at ${hour}:${minute}`;
}

/** An amount in euros as each language writes it: "75 €", "2 734,55 €" / "€75", "€2,734.55". */
export function formatEuros(amount: number, language: PeopleLanguage): string {
  if (!Number.isFinite(amount)) throw new Error(`not an amount: ${amount}`);
  const whole = Number.isInteger(amount);
  return new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency: 'EUR', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(
    amount,
  );
}

/**
 * An agent's words quoted inside a sentence, without the full stop that ends them ("Scan flou." →
 * "Scan flou"): the sentence has its own, and « (motif : « Scan flou. »). » would end twice.
 */
export function inSentence(text: string): string {
  return text
    .trim()
    .replace(/(?<!\.)\.$/, '')
    .trimEnd();
}

/** The last day a deadline leaves (a deadline is due at the start of the next day, office time). */
export function lastDayOf(dueAt: Date | string, timeZone: string): string {
  const at = typeof dueAt === 'string' ? new Date(dueAt) : dueAt;
  return isoDay(timeZone).format(new Date(at.getTime() - 1));
}

/**
 * The day a deadline names, at the office (workflow.transitions.ts, DeadlineKind): a complement
 * runs out at the midnight ending the last day given to the student, and that last day is named;
 * the prefecture's silence runs out as the implicit-rejection day starts, and that day is named.
 */
export function deadlineDay(kind: 'complement' | 'prefecture_silence', dueAt: Date | string, timeZone: string): string {
  const at = typeof dueAt === 'string' ? new Date(dueAt) : dueAt;
  return kind === 'complement' ? lastDayOf(at, timeZone) : lastDayOf(new Date(at.getTime() + 1), timeZone);
}
