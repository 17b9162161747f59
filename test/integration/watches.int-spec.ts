import { formatDay, formatEuros } from '../../src/common/people-format';
import { academicYearOf, addDays } from '../../src/common/dates';
import { RemindersService } from '../../src/reminders/reminders.service';
import type { RunningWorker } from '../../src/worker';
import type { AgentClient } from '../support/api';
import { createDossier, createInstitution, createStudent } from '../support/factories';
import { waitFor, patient } from '../support/processes';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';
import { COMPLETE_RECE, move, recordAccepted } from '../support/workflow';

/**
 * The nightly watches, run as the scheduler runs them, against students and dossiers dated from
 * today — the server's today: its clock stands still for the file (no midnight passes between
 * the data and the watch), and moves when the days must pass.
 */
describe('nightly watches', () => {
  const OFFICE = 'bureau@cmi.example';
  let sink: SmtpSink;
  let world: JobsWorld;
  let api: AgentClient;
  let worker: RunningWorker;
  let reminders: RemindersService;
  let institutionId: string;
  let start: Date;
  const today = () => world.clock.today();

  beforeAll(async () => {
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ SMTP_URL: sink.url, OFFICE_EMAIL: OFFICE });
    start = world.clock.freeze().now();
    api = await world.startApi();
    worker = await world.startWorker();
    reminders = worker.app.get(RemindersService);
    institutionId = (await createInstitution(api)).id;
  }, patient(60_000));

  afterEach(() => world.clock.freeze(start));

  afterAll(async () => {
    await world?.close();
    await sink?.close();
  });

  async function studentWithPermit(kind: string, validInDays: number, language = 'fr') {
    const student = await createStudent(api, {
      institutionId,
      preferredLanguage: language,
      currentPermit: { kind, number: '3501234567', validFrom: addDays(today(), -200), validUntil: addDays(today(), validInDays) },
    });
    return { id: student.id, email: (await api.get(`/api/students/${student.id}`).expect(200)).body.email as string };
  }

  async function settle() {
    // the watch queues its e-mails; wait until none is left to send (the sink has each one once its 250 is seen)
    await waitFor(async () => (await world.sql(`SELECT 1 FROM notifications WHERE status <> 'sent'`)).length === 0, 60_000, 'the e-mails to go');
  }

  it('reminds students without a dossier whose permit expires in 120, 90 or 60 days — once per threshold', async () => {
    const cases = await Promise.all(
      [130, 120, 100, 90, 75, 60, 45, 20].map(async (days) => ({ days, ...(await studentWithPermit('student', days, days === 90 ? 'en' : 'fr')) })),
    );
    const withDossier = await studentWithPermit('student', 95);
    await createDossier(api, { studentId: withDossier.id });
    const attestation = await studentWithPermit('extension_attestation', 100);

    expect(await reminders.watchPermitExpiry()).toEqual({ students: 6, reminded: 6 });
    await settle();
    const expected: Record<number, number | null> = { 130: null, 120: 120, 100: 120, 90: 90, 75: 90, 60: 60, 45: 60, 20: null };
    for (const c of cases) {
      const mails = sink.messages.filter(sentTo(c.email));
      expect([c.days, mails.length]).toEqual([c.days, expected[c.days] === null ? 0 : 1]);
      if (mails.length) {
        expect(mails[0]!.subject).toMatch(c.days === 90 ? /Your residence permit expires on/ : /Votre titre de séjour expire le/);
        expect(mails[0]!.text).toContain(c.days === 90 ? `in ${c.days} days` : `dans ${c.days} jours`);
        // where the student stands: past the 60-day mark the window is not said to be open, the regularisation fee is
        if (c.days < 60)
          expect([c.days, mails[0]!.subject, mails[0]!.text]).toEqual([
            c.days,
            expect.stringMatching(/déposez votre demande sans attendre$/),
            expect.stringContaining(formatEuros(180, 'fr')),
          ]);
        else expect(mails[0]!.subject).not.toMatch(/sans attendre|now/);
      }
    }
    expect(sink.messages.filter(sentTo(withDossier.email)).filter((m) => /expire/.test(m.subject!))).toHaveLength(0);
    expect(sink.messages.filter(sentTo(attestation.email))).toHaveLength(0);
    const keys = await world.sql<{ event_key: string }>(`SELECT event_key FROM notifications WHERE template = 'permit_expiry_reminder' ORDER BY event_key`);
    expect(keys.map((k) => k.event_key.split(':').at(-1)).sort()).toEqual(['120', '120', '60', '60', '90', '90']);

    // the same night again, or the next night: nothing new for the same threshold
    expect(await reminders.watchPermitExpiry()).toEqual({ students: 6, reminded: 0 });
  });

  it('reminds holders of an extension attestation three weeks, then one week, before it lapses', async () => {
    const in21 = await studentWithPermit('extension_attestation', 21);
    const in5 = await studentWithPermit('extension_attestation', 5, 'en');
    const in40 = await studentWithPermit('extension_attestation', 40);
    const result = await reminders.watchAttestationExpiry();
    expect(result.reminded).toBe(2);
    await settle();
    expect(sink.messages.filter(sentTo(in21.email)).map((m) => m.subject)).toEqual([
      `Votre attestation de prolongation d'instruction expire le ${formatDay(addDays(today(), 21), 'fr')}`,
    ]);
    expect(sink.messages.filter(sentTo(in5.email)).map((m) => m.subject)).toEqual([
      `Your extension attestation expires on ${formatDay(addDays(today(), 5), 'en')}`,
    ]);
    expect(sink.messages.filter(sentTo(in40.email))).toHaveLength(0);
  });

  describe('forwarded dossiers and the prefecture silence', () => {
    let agent: { id: string; email: string };

    beforeAll(async () => {
      const [row] = await world.sql<{ id: string }>(
        `INSERT INTO agents (id, email, display_name, role, updated_at) VALUES (gen_random_uuid(), 'claire.agent@cmi.example', 'Claire Martin', 'agent', now()) RETURNING id`,
      );
      agent = { id: row!.id, email: 'claire.agent@cmi.example' };
    });

    /** A RECE dossier forwarded so that its implicit rejection falls `days` days from today (90 days of silence). */
    async function forwardedWithSilenceEnding(days: number, assigneeId?: string) {
      const filedOn = addDays(today(), days - 90);
      const receivedAt = addDays(filedOn, -5);
      // enrolled for the academic year of its receipt, as the RECE requires
      const student = await createStudent(api, { institutionId, academicYear: academicYearOf(receivedAt) });
      const dossier = await createDossier(api, { studentId: student.id, facts: { housing: 'tenant' }, receivedAt });
      await recordAccepted(api, dossier.id, COMPLETE_RECE());
      await move(api, dossier.id, { to: 'verified' });
      await move(api, dossier.id, { to: 'forwarded', filedOn });
      if (assigneeId) await api.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: assigneeId }).expect(200);
      const current = (await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body;
      expect(current.implicitRejectionOn).toBe(addDays(today(), days));
      return current as { id: string; reference: string };
    }

    it('alerts the assignee 14 and 3 days before the implicit rejection, the office when nobody has the dossier', async () => {
      const in3 = await forwardedWithSilenceEnding(3, agent.id);
      const in10 = await forwardedWithSilenceEnding(10);
      const in30 = await forwardedWithSilenceEnding(30, agent.id);
      const result = await reminders.watchPrefectureSilence();
      expect(result).toEqual({ dossiers: 2, alerted: 2 });
      await settle();
      const toAgent = sink.messages.filter(sentTo(agent.email)).filter((m) => /rejet implicite/.test(m.subject!));
      expect(toAgent.map((m) => m.subject)).toEqual([`Dossier ${in3.reference} : rejet implicite le ${formatDay(addDays(today(), 3), 'fr')}`]);
      expect(toAgent[0]!.text).toContain('Bonjour Claire Martin,');
      const toOffice = sink.messages.filter(sentTo(OFFICE)).filter((m) => m.subject!.includes(in10.reference));
      expect(toOffice).toHaveLength(1);
      expect(sink.messages.some((m) => m.subject!.includes(in30.reference) && /implicite/.test(m.subject!))).toBe(false);
      // the alert is on the dossier's list of e-mails, addressed to the agent
      const list = (await api.get(`/api/dossiers/${in3.id}/notifications`).expect(200)).body as { template: string; audience: string; recipient: string }[];
      expect(list.find((n) => n.template === 'silence_alert')).toMatchObject({ audience: 'agent', recipient: agent.email });
      expect((await reminders.watchPrefectureSilence()).alerted).toBe(0);
    });

    it('records the implicit rejection when the silence deadline passes, and tells the assignee', async () => {
      const dossier = await forwardedWithSilenceEnding(2, agent.id);
      // two days pass: the implicit-rejection day has come
      const [deadline] = await world.sql<{ due_at: Date }>(`SELECT due_at FROM deadlines WHERE dossier_id = $1 AND kind = 'prefecture_silence'`, [dossier.id]);
      world.clock.set(new Date(deadline!.due_at.getTime() + 1000));
      expect(today()).toBe(addDays(world.clock.dayOf(start), 2));
      const outcome = await reminders.reconcile();
      expect(outcome.fired).toBe(1);
      await settle();
      const timeline = (await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as { event: string; actor: { name: string } }[];
      expect(timeline.filter((e) => e.event === 'implicit_rejection')).toEqual([expect.objectContaining({ actor: { id: null, name: 'system' } })]);
      const current = (await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body;
      expect(current).toMatchObject({ status: 'forwarded', deadlineAt: null });
      expect(sink.messages.filter(sentTo(agent.email)).filter((m) => m.subject === `Dossier ${dossier.reference} : rejet implicite acquis`)).toHaveLength(1);
      expect((await reminders.reconcile()).fired).toBe(0);
    });

    it('sends each agent a digest of their dossiers due today or overdue, and the office the unassigned ones', async () => {
      const mine = await forwardedWithSilenceEnding(40, agent.id);
      const nobodys = await forwardedWithSilenceEnding(41);
      const later = await forwardedWithSilenceEnding(42, agent.id);
      // 41 days pass: the first is overdue, the second due today, the third tomorrow
      world.clock.advance({ days: 41 });
      const result = await reminders.sendAgentDigests();
      expect(result.digests).toBe(2);
      await settle();
      const digest = sink.messages.filter(sentTo(agent.email)).find((m) => /Vos échéances du/.test(m.subject!))!;
      expect(digest.text).toMatch(new RegExp(`${mine.reference} — échéance le \\d{1,2}(er)? [a-zéû]+ \\d{4} \\(dépassée\\)`));
      expect(digest.text).toContain('(dépassée)');
      expect(digest.text).not.toContain(later.reference);
      const office = sink.messages.filter(sentTo(OFFICE)).find((m) => /Vos échéances du/.test(m.subject!))!;
      expect(office.text).toContain(nobodys.reference);
      expect(office.text).not.toContain(mine.reference);
      expect((await reminders.sendAgentDigests()).digests).toBe(0);
    });
  });
});
