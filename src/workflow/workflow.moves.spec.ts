import { toDbDate } from '../common/validators';
import { AGENT, checklistOf, dossierIn, fakeWorkflow, refusal } from './workflow.spec-support';

/** POST /transitions with fake repositories: what each guard refuses, and what the move written says. */
describe('WorkflowService: moving a dossier', () => {
  it('refuses to withdraw a verification without a reason (400), and writes it with one, telling the student nothing', async () => {
    const { workflow, written } = fakeWorkflow(dossierIn('verified'));
    expect(await refusal(workflow.transition('d1', 3, { to: 'received' }, AGENT))).toMatchObject({
      status: 400,
      errors: [{ field: 'reason', message: 'is required to move to received' }],
    });
    expect(written).toHaveLength(0);
    await workflow.transition('d1', 3, { to: 'received', reason: 'the payslips do not add up' }, AGENT);
    expect(written).toEqual([
      expect.objectContaining({
        from: 'verified',
        to: 'received',
        event: 'verification_withdrawn',
        reason: 'the payslips do not add up',
        expectedVersion: 3,
        set: {},
        details: {},
      }),
    ]);
    expect(written[0]!.email).toBeUndefined();
  });

  it('refuses to verify while a document is still to review (422 listing it), and verifies once every one is accepted', async () => {
    const { workflow, written, state } = fakeWorkflow(dossierIn('received'), {
      checklist: () => checklistOf({ slots: [{ code: 'passport', state: 'to_review', documentIds: ['doc1'] }] }),
    });
    expect(await refusal(workflow.transition('d1', 3, { to: 'verified' }, AGENT))).toMatchObject({
      status: 422,
      type: '/problems/documents-not-reviewed',
      toReview: [{ slot: 'passport', documentIds: ['doc1'] }],
    });
    expect(written).toHaveLength(0);

    const warning = { code: 'document.issued-long-ago', severity: 'warning' as const };
    state.checklist = () => checklistOf({ findings: [warning], slots: [{ code: 'passport', state: 'satisfied', documentIds: ['doc1'] }] });
    await workflow.transition('d1', 3, { to: 'verified' }, AGENT);
    expect(written[0]).toMatchObject({ to: 'verified', details: { warnings: [warning] }, email: { template: 'dossier_verified', data: {} } });
  });

  it('refuses to verify with a blocking finding (422 listing it)', async () => {
    const blocking = { code: 'eligibility.level', severity: 'blocking' as const };
    const { workflow, written } = fakeWorkflow(dossierIn('received'), { checklist: () => checklistOf({ findings: [blocking] }) });
    expect(await refusal(workflow.transition('d1', 3, { to: 'verified' }, AGENT))).toMatchObject({
      status: 422,
      type: '/problems/blocking-findings',
      findings: [blocking],
    });
    expect(written).toHaveLength(0);
  });

  describe('forwarding', () => {
    // the residence permit is valid until 25 April: on a filing date up to then it does, today (4 May) it does not
    const permitValidUntil = (on: { filedOn?: string }) =>
      checklistOf(on.filedOn && on.filedOn <= '2026-04-25' ? {} : { findings: [{ code: 'document.expired', severity: 'blocking', slot: 'permit' }] });

    it('is judged on the filing date it records, not on today', async () => {
      const { workflow, written, checklistAskedOn } = fakeWorkflow(dossierIn('verified'), { checklist: permitValidUntil });
      await workflow.transition('d1', 3, { to: 'forwarded', filedOn: '2026-04-20', prefectureReference: 'ANEF-42' }, AGENT);
      expect(checklistAskedOn).toEqual([{ filedOn: '2026-04-20' }]);
      expect(written[0]).toMatchObject({
        to: 'forwarded',
        // filed on 20 April, two months of silence
        set: { filedAt: toDbDate('2026-04-20'), implicitRejectionOn: toDbDate('2026-06-20'), prefecture: '35', prefectureReference: 'ANEF-42' },
        details: { filedOn: '2026-04-20', implicitRejectionOn: '2026-06-20', prefecture: '35', prefectureReference: 'ANEF-42' },
        email: { template: 'dossier_forwarded', data: { filedOn: '2026-04-20', implicitRejectionOn: '2026-06-20' } },
        // the silence runs out as 20 June begins in Paris (UTC+2 in summer)
        startDeadline: { kind: 'prefecture_silence', dueAt: new Date('2026-06-19T22:00:00Z') },
      });
    });

    it('without a filing date, is filed and judged today (and refused here: the permit has lapsed)', async () => {
      const { workflow, written, checklistAskedOn } = fakeWorkflow(dossierIn('verified'), { checklist: permitValidUntil });
      expect(await refusal(workflow.transition('d1', 3, { to: 'forwarded' }, AGENT))).toMatchObject({ status: 422, type: '/problems/blocking-findings' });
      expect(checklistAskedOn).toEqual([{ filedOn: '2026-05-04' }]);
      expect(written).toHaveLength(0);
    });

    it('takes the silence of the prefecture it is filed with; a day already past alerts the agents and starts no deadline', async () => {
      const { workflow, written } = fakeWorkflow(dossierIn('verified', { prefecture: '75' }));
      await workflow.transition('d1', 3, { to: 'forwarded', filedOn: '2026-03-01' }, AGENT);
      // Paris gives 60 days: 30 April, before today
      expect(written[0]).toMatchObject({
        set: { implicitRejectionOn: toDbDate('2026-04-30'), prefecture: '75' },
        notice: {
          event: 'implicit_rejection_past',
          email: { template: 'silence_alert', data: { stage: 'past_when_forwarded', implicitRejectionOn: '2026-04-30' } },
        },
      });
      expect(written[0]!.startDeadline).toBeUndefined();
      expect(written[0]!.set).not.toHaveProperty('prefectureReference');
    });

    it('refuses a filing date before the dossier was received, or in the future', async () => {
      const { workflow } = fakeWorkflow(dossierIn('verified'));
      expect(await refusal(workflow.transition('d1', 3, { to: 'forwarded', filedOn: '2026-01-04' }, AGENT))).toMatchObject({ errors: [{ field: 'filedOn' }] });
      expect(await refusal(workflow.transition('d1', 3, { to: 'forwarded', filedOn: '2026-05-05' }, AGENT))).toMatchObject({
        errors: [{ field: 'filedOn', message: 'must not be in the future' }],
      });
    });
  });

  it('withdrawing a decision restarts the silence from the dossier’s own implicit-rejection day, and must find no other open dossier', async () => {
    const supervisor = { ...AGENT, role: 'supervisor' as const };
    const decided = dossierIn('decided', { decision: 'refused', decidedOn: '2026-05-01', filedAt: '2026-04-01', implicitRejectionOn: '2026-06-01' });
    const { workflow, written } = fakeWorkflow(decided);
    expect(await refusal(workflow.transition('d1', 3, { to: 'forwarded', reason: 'appeal' }, AGENT))).toMatchObject({ status: 403 });
    await workflow.transition('d1', 3, { to: 'forwarded', reason: 'appeal' }, supervisor);
    expect(written[0]).toMatchObject({
      set: { decision: null, decidedOn: null, cardReadyOn: null, cardHandedOverOn: null },
      startDeadline: { kind: 'prefecture_silence', dueAt: new Date('2026-05-31T22:00:00Z') },
      reopening: { studentId: 's1', procedureCode: 'made-up' },
    });
  });

  it('answers 412 to a version the dossier has left, and 409 to a move the table has not', async () => {
    const { workflow } = fakeWorkflow(dossierIn('received'));
    expect(await refusal(workflow.transition('d1', 2, { to: 'verified' }, AGENT))).toMatchObject({ status: 412, currentVersion: 3 });
    expect(await refusal(workflow.transition('d1', 3, { to: 'decided' }, AGENT))).toMatchObject({ status: 409, allowed: ['verified', 'incomplete', 'closed'] });
  });
});
