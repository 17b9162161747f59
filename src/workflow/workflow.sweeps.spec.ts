import { SYSTEM_ACTOR } from '../common/actor';
import { checklistOf, dossierIn, fakeWorkflow, passportMissing } from './workflow.spec-support';

/** The moves Passerelle makes by itself, with fake repositories. */
describe('WorkflowSweeps', () => {
  const incomplete = () => dossierIn('incomplete');

  it('does nothing before the complement deadline; after it, closes the dossier once for deadline_expired, the deadline fired', async () => {
    const { sweeps, written, state, clock } = fakeWorkflow(incomplete(), { checklist: () => passportMissing() });
    state.deadlineDueAt = new Date(clock.now().getTime() + 1000);
    expect(await sweeps.expireComplement('d1')).toBe('not-due');
    expect(written).toHaveLength(0);
    clock.advance({ seconds: 1 });
    expect(await sweeps.expireComplement('d1')).toBe('closed');
    expect(written).toEqual([
      expect.objectContaining({
        actor: SYSTEM_ACTOR,
        from: 'incomplete',
        to: 'closed',
        set: { closeReason: 'deadline_expired' },
        stopDeadlines: ['complement', 'prefecture_silence'],
        deadlinesEndAs: 'fired',
        complementRequest: { close: 'expired' },
        email: { template: 'dossier_closed', data: { closeReason: 'deadline_expired' } },
      }),
    ]);
    expect(await sweeps.expireComplement('d1')).toBe('not-incomplete');
    expect(written).toHaveLength(1);
  });

  it('returns the dossier to received instead when what was asked for is in after all (eligibility findings do not hold it back)', async () => {
    const { sweeps, written, state, clock } = fakeWorkflow(incomplete(), {
      checklist: () => checklistOf({ findings: [{ code: 'eligibility.level', severity: 'blocking' }] }),
    });
    state.deadlineDueAt = clock.now();
    expect(await sweeps.expireComplement('d1')).toBe('resumed');
    expect(written).toEqual([
      expect.objectContaining({ to: 'received', event: 'complement_received', stopDeadlines: ['complement'], complementRequest: { close: 'satisfied' } }),
    ]);
    expect(written[0]!.deadlinesEndAs).toBeUndefined();
  });

  it('moves an incomplete dossier back to received when its documents change and nothing asked for still blocks', async () => {
    const { events, written, state } = fakeWorkflow(incomplete(), { checklist: () => passportMissing() });
    await events.checklistInputsChanged('d1');
    expect(written).toHaveLength(0);
    state.checklist = () => checklistOf();
    await events.checklistInputsChanged('d1');
    expect(written).toEqual([expect.objectContaining({ actor: SYSTEM_ACTOR, to: 'received', expectedVersion: 3 })]);
  });

  it('sweeps the dossiers past due in one batch, closing them as the deadline job would', async () => {
    const { sweeps, written, state } = fakeWorkflow(incomplete(), { checklist: () => passportMissing() });
    state.due = ['d1'];
    expect(await sweeps.expireDueComplements(2)).toEqual({ closed: 1, resumed: 0, skipped: 0, more: false });
    expect(written).toEqual([
      expect.objectContaining({ to: 'closed', set: { closeReason: 'deadline_expired' }, deadlinesEndAs: 'fired', complementRequest: { close: 'expired' } }),
    ]);
  });
});
