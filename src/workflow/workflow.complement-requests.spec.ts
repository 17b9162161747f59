import { TestClock } from '../../test/support/test-clock';
import { AGENT, checklistOf, dossierIn, fakeWorkflow, passportMissing, refusal } from './workflow.spec-support';

/** A complement request with fake repositories: what it asks, until when, and when it is refused. */
describe('ComplementRequestsService', () => {
  // 00:30 on 2 March in Paris, still 1 March in UTC
  const lateAtNight = () => new TestClock({ OFFICE_TIMEZONE: 'Europe/Paris' }).freeze('2026-03-01T23:30:00Z');

  it("counts the student's days in the office's days, and gives them all of the last one, office time", async () => {
    const { complements, written } = fakeWorkflow(dossierIn('received'), { clock: lateAtNight(), checklist: () => passportMissing() });
    const request = await complements.requestComplement('d1', 3, { dueInDays: 10, message: 'every page, please' }, AGENT);
    // ten days from 2 March: 12 March; the deadline is midnight ending it in Paris (UTC+1)
    expect(request).toMatchObject({
      status: 'open',
      dueOn: '2026-03-12',
      message: 'every page, please',
      items: [{ slot: 'passport', codes: ['document.missing'] }],
    });
    expect(written[0]).toMatchObject({
      to: 'incomplete',
      event: 'complement_requested',
      reason: 'every page, please',
      details: { dueOn: '2026-03-12' },
      startDeadline: { kind: 'complement', dueAt: new Date('2026-03-12T23:00:00Z') },
      email: { template: 'complement_requested', data: { dueOn: '2026-03-12', message: 'every page, please' } },
    });
  });

  it("gives the procedure's delay by default, and the deadline follows the office's clock change", async () => {
    const { complements, written } = fakeWorkflow(dossierIn('verified'), {
      clock: lateAtNight(),
      checklist: () => passportMissing(40),
    });
    await complements.requestComplement('d1', 3, {}, AGENT);
    // 40 days from 2 March: 11 April, which ends at 22:00 UTC (summer time since 29 March)
    expect(written[0]).toMatchObject({ details: { dueOn: '2026-04-11' }, startDeadline: { dueAt: new Date('2026-04-11T22:00:00Z') } });
  });

  it('previews what the request would ask and the e-mail as it would be sent, writing nothing', async () => {
    const { complements, written } = fakeWorkflow(dossierIn('received'), { clock: lateAtNight(), checklist: () => passportMissing() });
    const preview = await complements.previewComplement('d1', { dueInDays: 10 }, AGENT);
    expect(preview).toMatchObject({
      dossierId: 'd1',
      dueOn: '2026-03-12',
      items: [{ slot: 'passport', what: { en: 'your passport, every page' } }],
      email: { subject: 'complement_requested' },
    });
    expect(JSON.parse(preview.email.text)).toMatchObject({ dueOn: '2026-03-12', items: [{ slot: 'passport' }] });
    expect(written).toHaveLength(0);
  });

  it('refuses a second request while one is open (409), and a request for nothing the student can send (422)', async () => {
    const open = fakeWorkflow(dossierIn('incomplete'), { checklist: () => passportMissing() });
    expect(await refusal(open.complements.requestComplement('d1', 3, {}, AGENT))).toMatchObject({
      status: 409,
      detail: 'A complement request is already open for this dossier.',
    });
    const nothing = fakeWorkflow(dossierIn('received'), { checklist: () => checklistOf({ findings: [{ code: 'eligibility.level', severity: 'blocking' }] }) });
    expect(await refusal(nothing.complements.requestComplement('d1', 3, {}, AGENT))).toMatchObject({ status: 422, type: '/problems/nothing-to-request' });
    expect([...open.written, ...nothing.written]).toHaveLength(0);
  });

  it('is what POST /transitions to incomplete makes too, with the reason as the word to the student', async () => {
    const { workflow, written } = fakeWorkflow(dossierIn('received'), { clock: lateAtNight(), checklist: () => passportMissing() });
    await workflow.transition('d1', 3, { to: 'incomplete', reason: 'the second page' }, AGENT);
    // no delay given, none in the procedure: 30 days
    expect(written[0]).toMatchObject({ reason: 'the second page', complementRequest: { open: { message: 'the second page', dueOn: '2026-04-01' } } });
  });
});
