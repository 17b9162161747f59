import {
  appointmentRule,
  cardDayRule,
  cardEventBody,
  decidedOnRule,
  localInstant,
  maySummon,
  nextCardStep,
  prefectureSteps,
  summonsBody,
  type OffsetOf,
} from './prefectureForms';

/** Paris's offset at a moment (+60 in winter, +120 in summer), whatever the zone the tests run in. */
const paris: OffsetOf = (at) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
};
const newYork: OffsetOf = (at) => (at.getTime() >= Date.UTC(2027, 2, 14, 7) && at.getTime() < Date.UTC(2027, 10, 7, 6) ? -240 : -300);

describe('localInstant (the time the agent typed, as an instant with its offset)', () => {
  it("writes the zone's offset of that day: winter and summer in Paris", () => {
    expect(localInstant('2027-01-12T09:30', paris)).toBe('2027-01-12T09:30:00+01:00');
    expect(localInstant('2027-07-06T14:05', paris)).toBe('2027-07-06T14:05:00+02:00');
    expect(new Date(localInstant('2027-01-12T09:30', paris)!).toISOString()).toBe('2027-01-12T08:30:00.000Z');
  });

  it('writes a zone behind UTC with a minus, and keeps seconds when typed', () => {
    expect(localInstant('2027-01-12T09:30:15', newYork)).toBe('2027-01-12T09:30:15-05:00');
    expect(localInstant('2027-01-12T09:30', () => 0)).toBe('2027-01-12T09:30:00+00:00');
    expect(localInstant('2027-01-12T09:30', () => 330)).toBe('2027-01-12T09:30:00+05:30');
  });

  it('takes the offset of the day itself, either side of the change of time', () => {
    expect(localInstant('2027-03-27T09:00', paris)).toBe('2027-03-27T09:00:00+01:00');
    expect(localInstant('2027-03-28T09:00', paris)).toBe('2027-03-28T09:00:00+02:00');
  });

  it('refuses what is no moment: a 31 February, 25:00, the hour skipped in spring, text', () => {
    expect(localInstant('2027-02-31T09:00', paris)).toBeUndefined();
    expect(localInstant('2027-01-12T25:00', paris)).toBeUndefined();
    expect(localInstant('2027-03-28T02:30', paris)).toBeUndefined();
    expect(localInstant('2027-01-12', paris)).toBeUndefined();
    expect(localInstant('', paris)).toBeUndefined();
    expect(localInstant(null, paris)).toBeUndefined();
  });

  it("uses the browser's zone when not told, and lands on the moment the browser reads", () => {
    const written = localInstant('2027-01-12T09:30')!;
    expect(written).toMatch(/^2027-01-12T09:30:00[+-]\d{2}:\d{2}$/);
    expect(new Date(written).getTime()).toBe(new Date('2027-01-12T09:30').getTime());
  });
});

describe("the prefecture's steps", () => {
  const forwarded = { status: 'forwarded', decision: null, cardReadyOn: null, cardHandedOverOn: null } as const;
  const granted = { ...forwarded, status: 'decided', decision: 'favourable' } as const;

  it('summons a forwarded dossier, and a granted one (to collect the card), not a refused or verified one', () => {
    expect(maySummon(forwarded)).toBe(true);
    expect(maySummon(granted)).toBe(true);
    expect(maySummon({ status: 'decided', decision: 'refused' })).toBe(false);
    expect(maySummon({ status: 'verified', decision: null })).toBe(false);
  });

  it('has the card ready, then handed over, then nothing more; none without a favourable decision', () => {
    expect(nextCardStep(forwarded)).toBeNull();
    expect(nextCardStep({ ...granted, decision: 'refused' })).toBeNull();
    expect(nextCardStep(granted)).toBe('ready');
    expect(nextCardStep({ ...granted, cardReadyOn: '2027-02-01' })).toBe('handed_over');
    expect(nextCardStep({ ...granted, cardReadyOn: '2027-02-01', cardHandedOverOn: '2027-02-03' })).toBeNull();
  });

  it('offers a summons and the card step together, and nothing once the card is handed over or the request refused', () => {
    expect(prefectureSteps(forwarded)).toEqual(['summons']);
    expect(prefectureSteps(granted)).toEqual(['summons', 'ready']);
    expect(prefectureSteps({ ...granted, cardReadyOn: '2027-02-01' })).toEqual(['summons', 'handed_over']);
    expect(prefectureSteps({ ...granted, cardReadyOn: '2027-02-01', cardHandedOverOn: '2027-02-03' })).toEqual(['summons']);
    expect(prefectureSteps({ ...granted, decision: 'refused' })).toEqual([]);
    expect(prefectureSteps({ ...forwarded, status: 'closed' })).toEqual([]);
  });
});

describe('the rules the dialogs check', () => {
  const dossier = { filedAt: '2027-01-05', receivedAt: '2026-12-20' };
  const appointment = appointmentRule(dossier, '2027-01-08', { offsetOf: paris });

  it('asks for a real moment, not before the filing day, at most two years ahead', () => {
    expect(appointment('')).toBe('ra.validation.required');
    expect(appointment('2027-02-31T09:00')).toEqual({ message: 'passerelle.prefecture.errors.not_a_moment', args: {} });
    expect(appointment('2027-01-04T09:00')).toEqual({ message: 'passerelle.prefecture.errors.before_filing', args: { date: '2027-01-05' } });
    expect(appointment('2027-01-05T09:00')).toBeUndefined();
    expect(appointment('2029-01-07T09:00')).toBeUndefined();
    expect(appointment('2029-01-08T09:00')).toEqual({ message: 'passerelle.prefecture.errors.too_far', args: { date: '2029-01-07' } });
    // not filed yet (it cannot be, but the rule falls back on the day it was received)
    expect(appointmentRule({ filedAt: null, receivedAt: '2026-12-20' }, '2027-01-08', { offsetOf: paris })('2026-12-20T10:00')).toBeUndefined();
  });

  it("dates a card's step between the decision (or the card ready) and today", () => {
    const decided = { decidedOn: '2027-01-20', cardReadyOn: '2027-01-25' };
    const ready = cardDayRule('ready', decided, '2027-02-01');
    expect(ready(null)).toBe('ra.validation.required');
    expect(ready('2027-02-02')).toEqual({ message: 'passerelle.prefecture.errors.future', args: {} });
    expect(ready('2027-01-19')).toEqual({ message: 'passerelle.prefecture.errors.before_decision', args: { date: '2027-01-20' } });
    expect(ready('2027-01-22')).toBeUndefined();
    const handedOver = cardDayRule('handed_over', decided, '2027-02-01', { writeDay: (day) => `le ${day}` });
    expect(handedOver('2027-01-22')).toEqual({ message: 'passerelle.prefecture.errors.before_ready', args: { date: 'le 2027-01-25' } });
    expect(handedOver('2027-02-01')).toBeUndefined();
  });

  it('dates the decision between the filing day and today', () => {
    const decidedOn = decidedOnRule({ filedAt: '2027-01-05' }, '2027-02-01');
    expect(decidedOn('')).toBe('ra.validation.required');
    expect(decidedOn('2027-02-02')).toEqual({ message: 'passerelle.prefecture.errors.future', args: {} });
    expect(decidedOn('2027-01-04')).toEqual({ message: 'passerelle.prefecture.errors.before_filing', args: { date: '2027-01-05' } });
    expect(decidedOn('2027-01-05')).toBeUndefined();
  });
});

describe('the bodies sent', () => {
  it('sends the summons with its offset, the place and note trimmed, nothing empty', () => {
    expect(summonsBody({ reason: 'card_collection', appointmentAt: '2027-01-12T09:30', place: '  Préfecture, Rennes ', note: ' ' }, paris)).toEqual({
      reason: 'card_collection',
      appointmentAt: '2027-01-12T09:30:00+01:00',
      place: 'Préfecture, Rennes',
    });
    expect(summonsBody({ appointmentAt: '2027-01-12T09:30', note: 'Venir avec le passeport' }, paris)).toEqual({
      reason: 'fingerprints',
      appointmentAt: '2027-01-12T09:30:00+01:00',
      note: 'Venir avec le passeport',
    });
  });

  it("sends the card's step and its day", () => {
    expect(cardEventBody('ready', { on: '2027-02-01' })).toEqual({ event: 'ready', on: '2027-02-01' });
    expect(cardEventBody('handed_over', {})).toEqual({ event: 'handed_over' });
  });
});
