import polyglotI18nProvider from 'ra-i18n-polyglot';
import { AGENT_TEMPLATES, STUDENT_TEMPLATES } from '../../../src/email-templates/email-templates.model';
import { enMessages } from '../i18n/en';
import { frMessages } from '../i18n/fr';
import { timelineWords } from './timelineWords';
import type { TimelineEntry } from './types';

const i18n = (locale: 'fr' | 'en') => polyglotI18nProvider(() => (locale === 'en' ? enMessages : frMessages), locale, [], { allowMissing: true });
const words = (entry: Partial<TimelineEntry>, locale: 'fr' | 'en' = 'fr') => timelineWords({ ...BASE, ...entry }, i18n(locale).translate as never, locale);
const NB = '\u00a0';

const BASE: TimelineEntry = {
  id: '1',
  at: '2026-12-03T09:00:00.000Z',
  event: 'document_accepted',
  title: { fr: 'Pièce validée', en: 'Document accepted' },
  fromStatus: null,
  toStatus: null,
  actor: { id: 'a1', name: 'Sophie Bernard' },
  reason: null,
  details: null,
  document: null,
  rejectionReason: null,
  decision: null,
  closeReason: null,
  email: null,
  note: null,
};
const PASSPORT = { id: 'd1', kind: 'passport', names: { fr: 'Passeport', en: 'Passport' }, source: 'office' as const };

describe('the timeline in words', () => {
  it('names the document an entry is about, as the catalog does', () => {
    expect(words({ document: PASSPORT }).heading).toBe(`Pièce validée${NB}: Passeport`);
    expect(words({ document: PASSPORT }, 'en').heading).toBe('Document accepted: Passport');
    // a kind the catalog does not name: the event alone, never the code
    expect(words({ document: { ...PASSPORT, names: null } }).heading).toBe('Pièce validée');
  });

  it("says a rejection's reason in the checklist's words, with the agent's explanation, quoted once", () => {
    const rejected = words({
      event: 'document_rejected',
      title: { fr: 'Pièce refusée', en: 'Document rejected' },
      document: { ...PASSPORT, kind: 'health-insurance', names: { fr: "Attestation d'assurance maladie", en: 'Health insurance certificate' } },
      rejectionReason: 'expired',
      reason: 'Fin de validité en octobre',
    });
    expect(rejected).toEqual({
      heading: `Pièce refusée${NB}: Attestation d'assurance maladie`,
      lines: [expect.stringMatching(/^Motif\u00a0: document périmé — «\s?Fin de validité en octobre\s?»$/)],
      quote: null,
      actor: 'Sophie Bernard',
    });
  });

  it('says status changes, decisions and close reasons in words', () => {
    expect(words({ event: 'verified', fromStatus: 'received', toStatus: 'verified' }).lines).toEqual([`Statut${NB}: Reçu → Vérifié`]);
    expect(words({ event: 'opened', toStatus: 'received' }).lines).toEqual([`Statut${NB}: Reçu`]);
    const decided = words({ event: 'decided', fromStatus: 'forwarded', toStatus: 'decided', decision: 'favourable' });
    expect(decided.lines).toEqual([`Statut${NB}: Transmis → Décidé`, `Décision${NB}: ${frMessages.passerelle.decision.favourable}`]);
    const closed = words({ event: 'closed', fromStatus: 'received', toStatus: 'closed', closeReason: 'withdrawn', reason: 'Parti en Allemagne' });
    expect(closed.lines).toContain(`Motif de clôture${NB}: Retiré par l'étudiant(e)`);
    expect(closed.quote).toBe('Parti en Allemagne');
  });

  it('names an e-mail by what it tells and how its delivery went, agreeing with « e-mail » and « relance »', () => {
    const email = (event: string, template: string, status: NonNullable<TimelineEntry['email']>['status']) =>
      words({ event, title: { fr: 'E-mail', en: 'E-mail' }, email: { notificationId: 'n1', template: template as never, status } }).heading;
    expect(email('email', 'dossier_opened', 'sent')).toBe(`E-mail envoyé${NB}: «${NB}Accusé de réception du dossier${NB}»`);
    expect(email('reminder', 'complement_reminder', 'sent')).toBe(`Relance envoyée${NB}: «${NB}Rappel des pièces complémentaires${NB}»`);
    expect(email('email', 'summons', 'failed')).toBe(`E-mail en échec${NB}: «${NB}Convocation en préfecture${NB}»`);
  });

  it("names Passerelle's own moves in words, and an agent by their name", () => {
    expect(words({ actor: { id: null, name: 'system' } }).actor).toBe('Passerelle (automatique)');
    expect(words({ actor: { id: null, name: 'seed' } }, 'en').actor).toBe('Demo data');
    expect(words({ actor: { id: 'a2', name: 'system' } }).actor).toBe('system');
  });

  it('names the student as who acted from their page, and what they sent', () => {
    const sent = words({
      event: 'document_sent_by_student',
      title: { fr: "Pièce envoyée par l'étudiant(e)", en: 'Document sent by the student' },
      document: PASSPORT,
      actor: { id: null, name: 'student' },
    });
    expect(sent.heading).toBe(`Pièce envoyée par l'étudiant(e)${NB}: Passeport`);
    expect(sent.actor).toBe("l'étudiant(e)");
    expect(words({ event: 'message_from_student', actor: { id: null, name: 'student' } }, 'en').actor).toBe('the student');
  });

  it('has a name for every e-mail template, in both languages', () => {
    for (const template of [...STUDENT_TEMPLATES, ...AGENT_TEMPLATES]) {
      expect(frMessages.passerelle.email_template[template]).toBeTruthy();
      expect(enMessages.passerelle.email_template[template]).toBeTruthy();
    }
  });
});
