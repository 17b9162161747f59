import { DOSSIER_STATUSES, OPEN_DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import type { DossierStatus } from '../dossiers/dossiers.model';
import { emailFor, factsNamed, findTransition, mayMove, MoveFacts, nextStatuses, reopens, Transition, TRANSITIONS, writesOf } from './workflow.transitions';

const move = (from: DossierStatus, to: DossierStatus): Transition => {
  const transition = findTransition(from, to);
  if (!transition) throw new Error(`no move from ${from} to ${to}`);
  return transition;
};
const TODAY = '2026-05-04';

describe('the transition table', () => {
  it('moves a dossier along received → verified → forwarded → decided', () => {
    expect(findTransition('received', 'verified')).toMatchObject({ guard: 'complete-and-reviewed' });
    expect(findTransition('verified', 'forwarded')).toMatchObject({ startDeadline: 'prefecture_silence', guard: 'complete-and-reviewed' });
    expect(findTransition('forwarded', 'decided')).toMatchObject({ requires: ['decision'], stopDeadlines: ['prefecture_silence'] });
  });

  it.each([
    ['received', 'forwarded'],
    ['received', 'decided'],
    ['incomplete', 'verified'],
    ['verified', 'decided'],
    ['decided', 'closed'],
    ['closed', 'verified'],
    ['decided', 'received'],
  ] as const)('has no move from %s to %s', (from, to) => {
    expect(findTransition(from, to)).toBeUndefined();
  });

  it('sends an incomplete dossier back to received, stopping the complement deadline', () => {
    expect(findTransition('incomplete', 'received')).toMatchObject({ stopDeadlines: ['complement'], roles: expect.arrayContaining(['system']) });
    expect(findTransition('received', 'incomplete')).toMatchObject({ via: 'complement-request', startDeadline: 'complement' });
  });

  it('closes any open dossier with a reason, stopping every deadline; reopening is for supervisors', () => {
    for (const status of ['received', 'incomplete', 'verified', 'forwarded'] as const) {
      expect(findTransition(status, 'closed')).toMatchObject({ requires: ['closeReason'], stopDeadlines: ['complement', 'prefecture_silence'] });
    }
    const reopen = findTransition('closed', 'received')!;
    expect(reopen.requires).toEqual(['reason']);
    expect(mayMove(reopen, 'agent', {})).toBe(false);
    expect(mayMove(reopen, 'supervisor', {})).toBe(true);
  });

  it('keeps closing for an expired deadline to the deadline job', () => {
    const close = findTransition('incomplete', 'closed')!;
    expect(mayMove(close, 'system', { closeReason: 'deadline_expired' })).toBe(true);
    for (const role of ['agent', 'supervisor', 'admin'] as const) expect(mayMove(close, role, { closeReason: 'deadline_expired' })).toBe(false);
    expect(mayMove(close, 'agent', { closeReason: 'withdrawn' })).toBe(true);
  });

  it('lets only supervisors withdraw a decision', () => {
    const withdraw = findTransition('decided', 'forwarded')!;
    expect(mayMove(withdraw, 'agent', {})).toBe(false);
    expect(mayMove(withdraw, 'admin', {})).toBe(true);
  });

  it('tells the student of every step they should know of', () => {
    expect(emailFor(findTransition('forwarded', 'decided')!, { decision: 'refused' })).toBe('decision_refused');
    expect(emailFor(findTransition('forwarded', 'decided')!, { decision: 'favourable' })).toBe('decision_favourable');
    expect(emailFor(findTransition('verified', 'received')!, {})).toBeUndefined();
    for (const [from, to] of [
      ['received', 'verified'],
      ['verified', 'forwarded'],
      ['received', 'closed'],
      ['closed', 'received'],
      ['incomplete', 'received'],
    ] as const) {
      expect(emailFor(findTransition(from, to)!, {})).toEqual(expect.any(String));
    }
  });

  it('lists where a dossier can go from each status, and every status can be left or is final', () => {
    expect(nextStatuses('received').sort()).toEqual(['closed', 'incomplete', 'verified']);
    expect(nextStatuses('decided')).toEqual(['forwarded']);
    for (const status of DOSSIER_STATUSES) expect(nextStatuses(status).length).toBeGreaterThan(0);
    const reachable = new Set(TRANSITIONS.map((t) => t.to));
    for (const status of DOSSIER_STATUSES) expect(reachable.has(status)).toBe(true);
  });

  it('keeps the office at work on received, incomplete, verified and forwarded dossiers: those, and only those, can be closed', () => {
    expect([...OPEN_DOSSIER_STATUSES].sort()).toEqual(['forwarded', 'incomplete', 'received', 'verified']);
    expect(DOSSIER_STATUSES.filter((status) => findTransition(status, 'closed'))).toEqual([...OPEN_DOSSIER_STATUSES]);
  });

  it('knows a move that takes a dossier back among the open ones (reopen, decision withdrawn) from one that does not', () => {
    expect(reopens('closed', move('closed', 'received'))).toBe(true);
    expect(reopens('decided', move('decided', 'forwarded'))).toBe(true);
    expect(reopens('verified', move('verified', 'forwarded'))).toBe(false);
    expect(reopens('incomplete', move('incomplete', 'closed'))).toBe(false);
  });
});

/** What each move writes, as its row declares it and writesOf reads it. */
describe('what a move writes', () => {
  const forwarding: MoveFacts = {
    filedOn: '2026-05-01',
    implicitRejectionOn: '2026-07-01',
    prefecture: '35',
    prefectureReference: 'ANEF-1',
    warnings: [{ code: 'w' }],
    reason: 'ignored',
  };

  it('verifying records the warnings left and quotes the reason, if any, to the student; nothing else changes', () => {
    const verify = move('received', 'verified');
    expect(writesOf(verify, { warnings: [{ code: 'w' }], reason: 'checked twice' }, TODAY)).toEqual({
      columns: {},
      details: { warnings: [{ code: 'w' }] },
      email: { template: 'dossier_verified', data: { reason: 'checked twice' } },
    });
    // a fact the move lacks is left out, not written as undefined
    expect(writesOf(verify, { warnings: [] }, TODAY).email).toEqual({ template: 'dossier_verified', data: {} });
  });

  it('withdrawing a verification needs a reason, which only the timeline shows: no e-mail, no column', () => {
    const withdraw = move('verified', 'received');
    expect(withdraw.requires).toEqual(['reason']);
    expect(writesOf(withdraw, { reason: 'a forged payslip' }, TODAY)).toEqual({ columns: {}, details: {} });
  });

  it('forwarding sets the filing, the implicit-rejection day and the prefecture, records them, and is judged on the filing date', () => {
    const forward = move('verified', 'forwarded');
    expect(forward.checklistOn).toBe('filedOn');
    const writes = writesOf(forward, forwarding, TODAY);
    expect(writes.columns).toEqual({ filedAt: '2026-05-01', implicitRejectionOn: '2026-07-01', prefecture: '35', prefectureReference: 'ANEF-1' });
    expect(writes.details).toEqual({
      warnings: [{ code: 'w' }],
      filedOn: '2026-05-01',
      implicitRejectionOn: '2026-07-01',
      prefecture: '35',
      prefectureReference: 'ANEF-1',
    });
    expect(writes.email).toEqual({ template: 'dossier_forwarded', data: { filedOn: '2026-05-01', implicitRejectionOn: '2026-07-01' } });
    expect(writes.notice).toBeUndefined();
    // without a reference of the prefecture's, the dossier keeps the one it has
    expect(writesOf(forward, { ...forwarding, prefectureReference: undefined }, TODAY).columns).not.toHaveProperty('prefectureReference');
    expect(factsNamed(forward)).toEqual(new Set(['filedOn', 'implicitRejectionOn', 'prefecture', 'prefectureReference', 'warnings']));
  });

  it('alerts the agents at once when the filing date puts the implicit-rejection day today or behind us', () => {
    const forward = move('verified', 'forwarded');
    const alert = { event: 'implicit_rejection_past', details: { filedOn: '2026-02-01', implicitRejectionOn: TODAY } };
    expect(writesOf(forward, { ...forwarding, filedOn: '2026-02-01', implicitRejectionOn: TODAY }, TODAY).notice).toEqual({
      ...alert,
      email: { template: 'silence_alert', data: { stage: 'past_when_forwarded', daysLeft: 0, implicitRejectionOn: TODAY } },
    });
    expect(writesOf(forward, { ...forwarding, implicitRejectionOn: '2026-05-05' }, TODAY).notice).toBeUndefined();
  });

  it('deciding sets and records the decision and its day, tells the student which, and stops the silence', () => {
    const decide = move('forwarded', 'decided');
    const writes = writesOf(decide, { decision: 'refused', decidedOn: '2026-05-02', reason: 'not quoted' }, TODAY);
    expect(writes).toEqual({
      columns: { decision: 'refused', decidedOn: '2026-05-02' },
      details: { decision: 'refused', decidedOn: '2026-05-02' },
      email: { template: 'decision_refused', data: { decision: 'refused', decidedOn: '2026-05-02' } },
      stopDeadlines: ['prefecture_silence'],
    });
  });

  it('withdrawing a decision clears it and the card, starts the silence again and tells the student why', () => {
    const withdraw = move('decided', 'forwarded');
    expect(withdraw).toMatchObject({ requires: ['reason'], startDeadline: 'prefecture_silence' });
    expect(writesOf(withdraw, { reason: 'appeal granted' }, TODAY)).toEqual({
      columns: { decision: null, decidedOn: null, cardReadyOn: null, cardHandedOverOn: null },
      details: {},
      email: { template: 'decision_withdrawn', data: { reason: 'appeal granted' } },
    });
  });

  it('a complement request opens a request with its items, starts the complement deadline and tells the student', () => {
    const ask = move('received', 'incomplete');
    const items = [{ slot: 'passport', codes: ['document.missing'], documentIds: [], what: { fr: 'passeport', en: 'passport' }, why: null }];
    expect(writesOf(ask, { items, dueOn: '2026-06-03', message: 'page 2 please', reason: 'page 2 please' }, TODAY)).toEqual({
      columns: {},
      details: { items, dueOn: '2026-06-03' },
      email: { template: 'complement_requested', data: { items, dueOn: '2026-06-03', message: 'page 2 please' } },
      complementRequest: { open: { items, message: 'page 2 please', dueOn: '2026-06-03' } },
    });
    expect(writesOf(ask, { items, dueOn: '2026-06-03' }, TODAY).complementRequest).toEqual({ open: { items, message: null, dueOn: '2026-06-03' } });
    expect(ask.startDeadline).toBe('complement');
  });

  it('the documents in: the request is satisfied, its deadline cancelled, the student told', () => {
    expect(writesOf(move('incomplete', 'received'), {}, TODAY)).toEqual({
      columns: {},
      details: {},
      email: { template: 'complement_received', data: {} },
      stopDeadlines: ['complement'],
      complementRequest: { close: 'satisfied' },
    });
  });

  it('closing sets the reason; an expired deadline fires (the request expires), any other close cancels them', () => {
    const close = move('incomplete', 'closed');
    expect(writesOf(close, { closeReason: 'deadline_expired' }, TODAY)).toEqual({
      columns: { closeReason: 'deadline_expired' },
      details: { closeReason: 'deadline_expired' },
      email: { template: 'dossier_closed', data: { closeReason: 'deadline_expired' } },
      stopDeadlines: ['complement', 'prefecture_silence'],
      deadlinesEndAs: 'fired',
      complementRequest: { close: 'expired' },
    });
    expect(writesOf(close, { closeReason: 'other', reason: 'moved abroad' }, TODAY)).toMatchObject({
      email: { data: { closeReason: 'other', reason: 'moved abroad' } },
      deadlinesEndAs: 'cancelled',
      complementRequest: { close: 'cancelled' },
    });
  });

  it('reopening clears the close reason and tells the student why', () => {
    expect(writesOf(move('closed', 'received'), { reason: 'closed by mistake' }, TODAY)).toEqual({
      columns: { closeReason: null },
      details: {},
      email: { template: 'dossier_reopened', data: { reason: 'closed by mistake' } },
    });
  });
});
