import { addDays } from '../common/format';
import type { Dossier } from './types';

/**
 * The prefecture's leg of a forwarded dossier, as plain functions (no React): which of its
 * steps the dossier is at (a summons, the card ready, the card handed over), the rules the
 * dialogs check before sending (the API checks them again), and the bodies they send.
 */

type PrefectureSide = Pick<Dossier, 'status' | 'decision' | 'cardReadyOn' | 'cardHandedOverOn'>;

/** The prefecture may summon the student while it decides, and once it has granted the card (to collect it). */
export function maySummon(dossier: Pick<Dossier, 'status' | 'decision'>): boolean {
  return dossier.status === 'forwarded' || (dossier.status === 'decided' && dossier.decision === 'favourable');
}

export type CardStep = 'ready' | 'handed_over';

/** What the prefecture's leg can record next, beside the workflow's moves (the decision is one of those). */
export type PrefectureStep = 'summons' | CardStep;

/** The card's next step on a favourable decision: ready, then handed over, then none. */
export function nextCardStep(dossier: PrefectureSide): CardStep | null {
  if (dossier.status !== 'decided' || dossier.decision !== 'favourable') return null;
  if (!dossier.cardReadyOn) return 'ready';
  return dossier.cardHandedOverOn ? null : 'handed_over';
}

/** The steps the dossier is at: a summons while the prefecture decides or to collect the card, the card's next step. */
export function prefectureSteps(dossier: PrefectureSide): PrefectureStep[] {
  const card = nextCardStep(dossier);
  return [...(maySummon(dossier) ? (['summons'] as const) : []), ...(card ? [card] : [])];
}

/** A react-admin validation message: a key of the interface's messages and its values. */
export type RuleMessage = { message: string; args: Record<string, string> } | undefined;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The minutes a zone is ahead of UTC at that moment (+60 in Paris in winter): the browser's own zone unless told. */
export type OffsetOf = (at: Date) => number;
const browserOffset: OffsetOf = (at) => -at.getTimezoneOffset();

/** The zone of the agent's clock ("Europe/Paris"): a summons is typed and shown in it. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A date and time typed by the agent (an `<input type="datetime-local">`: "2027-01-12T09:30", on
 * the agent's clock) as the instant the API takes, with the offset their zone has on that day:
 * "2027-01-12T09:30:00+01:00" in Paris in winter, "+02:00" in summer. Nothing when it is no
 * real moment: a 31 February, or a time skipped as the clocks go forward.
 */
export function localInstant(local: string | null | undefined, offsetOf: OffsetOf = browserOffset): string | undefined {
  const match = LOCAL_DATE_TIME.exec(local ?? '');
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  // the wall clock read as UTC, then moved by the zone's offset at that moment (asked twice: it may change in between)
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const offset = offsetOf(new Date(wall - offsetOf(new Date(wall)) * 60_000));
  const instant = new Date(wall - offset * 60_000);
  // a day or an hour out of range (31 February, 25:00) rolls over into another: that is no moment the agent meant
  const back = new Date(instant.getTime() + offset * 60_000);
  const same =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute;
  // in the hour skipped as the clocks go forward, the zone's offset at the instant found is not the one it was found with
  if (!same || offsetOf(instant) !== offset) return undefined;
  const sign = offset < 0 ? '-' : '+';
  const two = (n: number) => String(n).padStart(2, '0');
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${two(second)}${zone}`;
}

/** How a rule writes the days it names ("5 janvier 2027"), and the zone of the agent's clock. */
export interface RuleOptions {
  writeDay?: (day: string) => string;
  offsetOf?: OffsetOf;
}

/** The summons' moment: a real one, not before the dossier was filed with the prefecture, at most two years ahead (as the API says). */
export function appointmentRule(dossier: Pick<Dossier, 'filedAt' | 'receivedAt'>, today: string, { writeDay = (day) => day, offsetOf }: RuleOptions = {}) {
  return (value: string | null | undefined): RuleMessage | string | undefined => {
    if (!value) return 'ra.validation.required';
    if (!localInstant(value, offsetOf)) return { message: 'passerelle.prefecture.errors.not_a_moment', args: {} };
    const day = value.slice(0, 10);
    const earliest = dossier.filedAt ?? dossier.receivedAt;
    if (day < earliest) return { message: 'passerelle.prefecture.errors.before_filing', args: { date: writeDay(earliest) } };
    const latest = addDays(today, 730);
    if (day > latest) return { message: 'passerelle.prefecture.errors.too_far', args: { date: writeDay(latest) } };
    return undefined;
  };
}

/** A card's day: not in the future, not before the decision, nor (handed over) before the card was ready. */
export function cardDayRule(step: CardStep, dossier: Pick<Dossier, 'decidedOn' | 'cardReadyOn'>, today: string, { writeDay = (day) => day }: RuleOptions = {}) {
  return (value: string | null | undefined): RuleMessage | string | undefined => {
    if (!value) return 'ra.validation.required';
    if (value > today) return { message: 'passerelle.prefecture.errors.future', args: {} };
    if (dossier.decidedOn && value < dossier.decidedOn)
      return { message: 'passerelle.prefecture.errors.before_decision', args: { date: writeDay(dossier.decidedOn) } };
    if (step === 'handed_over' && dossier.cardReadyOn && value < dossier.cardReadyOn)
      return { message: 'passerelle.prefecture.errors.before_ready', args: { date: writeDay(dossier.cardReadyOn) } };
    return undefined;
  };
}

/** The decision's day: not in the future, not before the dossier was filed with the prefecture. */
export function decidedOnRule(dossier: Pick<Dossier, 'filedAt'>, today: string, { writeDay = (day) => day }: RuleOptions = {}) {
  return (value: string | null | undefined): RuleMessage | string | undefined => {
    if (!value) return 'ra.validation.required';
    if (value > today) return { message: 'passerelle.prefecture.errors.future', args: {} };
    if (dossier.filedAt && value < dossier.filedAt) return { message: 'passerelle.prefecture.errors.before_filing', args: { date: writeDay(dossier.filedAt) } };
    return undefined;
  };
}

export type SummonsValues = { reason?: string | null; appointmentAt?: string | null; place?: string | null; note?: string | null };

function typed(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** The body of POST /summons: the reason, the moment with its offset, the place and the note when given. */
export function summonsBody(values: SummonsValues, offsetOf?: OffsetOf): Record<string, string> {
  const appointmentAt = localInstant(values.appointmentAt, offsetOf);
  const place = typed(values.place);
  const note = typed(values.note);
  return {
    reason: values.reason ?? 'fingerprints',
    ...(appointmentAt ? { appointmentAt } : {}),
    ...(place ? { place } : {}),
    ...(note ? { note } : {}),
  };
}

/** The body of POST /card-events. */
export function cardEventBody(step: CardStep, values: { on?: string | null }): { event: CardStep; on?: string } {
  return { event: step, ...(values.on ? { on: values.on } : {}) };
}
