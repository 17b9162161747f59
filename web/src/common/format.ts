import { formatDay as writeDay } from '../../../src/common/people-format';

/** A calendar day as the e-mails write it ("2 janvier 2027"), in the interface's language. */
export function formatDay(value: string | null | undefined, locale: string): string {
  return value ? writeDay(value, locale === 'en' ? 'en' : 'fr') : '—';
}

/** What comes before a colon in the interface's language: French puts a no-break space before it (« Motif : »), English nothing. */
export function colon(locale: string): string {
  return locale === 'en' ? ':' : '\u00a0:';
}

/**
 * The office's time zone: dates and times are shown as they are at the office (the API's days
 * are its days), whatever the zone of the agent's browser.
 */
export const OFFICE_TIME_ZONE = 'Europe/Paris';

/** Dates as the agent reads them, in the interface's language: a calendar day as it is, an instant as the day it is at the office. */
export function formatDate(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  // noon UTC is that same day at the office
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const written = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeZone: OFFICE_TIME_ZONE }).format(date);
  // French writes the first of the month as an ordinal ("1er janv. 2026"); Intl does not
  return locale === 'fr' ? written.replace(/^1 /, '1er ') : written;
}

export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: OFFICE_TIME_ZONE }).format(date);
}

export interface LocalizedText {
  fr: string;
  en: string;
}

/**
 * French spacing: a no-break space before « : ; ? ! » and inside « », where text written
 * elsewhere (react-admin's messages, the API's and the catalog's French) put an ordinary one.
 */
export function frenchSpacing(text: string): string {
  return (
    text
      // "mot :" and "mot:" alike (not "9:30" nor "https://": a colon that ends a word, before a space or the end)
      .replace(/(?<=\S) ?([:;?!])(?=\s|$)/g, '\u00a0$1')
      .replace(/« /g, '«\u00a0')
      .replace(/ »/g, '\u00a0»')
  );
}

/** A tree of messages with French spacing (frenchSpacing) in every one. */
export function withFrenchSpacing<T>(tree: T): T {
  if (typeof tree === 'string') return frenchSpacing(tree) as T;
  if (!tree || typeof tree !== 'object') return tree;
  return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, withFrenchSpacing(value)])) as T;
}

/** The text in the interface's language (French when the other is missing), French written with French spacing. */
export function localized(text: LocalizedText | null | undefined, locale: string): string {
  if (!text) return '';
  if (locale === 'en') return text.en || text.fr || '';
  return text.fr ? frenchSpacing(text.fr) : text.en || '';
}

export function studentName(student: { birthName: string; usageName?: string | null; firstNames: string } | null | undefined): string {
  if (!student) return '';
  return `${(student.usageName || student.birthName).toUpperCase()} ${student.firstNames}`;
}

/** Today in the office's time zone, YYYY-MM-DD. */
export function officeToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A file's size as the interface's language writes it ("12 octets", "512 ko", "1,5 Mo"; "1.5 MB"), in units of 1,024. */
export function formatBytes(bytes: number, locale = 'en'): string {
  const [value, unit]: [number, string] = bytes < 1024 ? [bytes, 'byte'] : bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / 1024 / 1024, 'megabyte'];
  const digits = unit === 'megabyte' && value < 10 ? 1 : 0;
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'unit',
    unit,
    unitDisplay: unit === 'byte' ? 'long' : 'short',
    maximumFractionDigits: digits,
  }).format(value);
}
