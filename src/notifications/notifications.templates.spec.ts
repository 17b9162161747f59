import { AGENT_TEMPLATES, MessageContext, renderMessage, STUDENT_TEMPLATES } from './notifications.templates';

const context = (template: MessageContext['template'], language: 'fr' | 'en', data: Record<string, unknown> = {}): MessageContext => ({
  template,
  language,
  office: 'CMI Rennes',
  recipientName: 'Thi Mai NGUYEN',
  dossier: { reference: 'CMI-2026-000123', procedure: { fr: 'Carte RECE', en: 'RECE card' } },
  data: { dueOn: '2026-12-23', filedOn: '2026-11-20', on: '2026-12-01', validUntil: '2027-02-28', daysLeft: 7, appointmentAt: '2026-12-15T09:30:00+01:00', implicitRejectionOn: '2027-02-18', day: '2026-11-23', ...data },
});

describe('e-mail templates', () => {
  it.each([...STUDENT_TEMPLATES, ...AGENT_TEMPLATES].flatMap((template) => [[template, 'fr'], [template, 'en']] as const))('renders %s in %s, as text and HTML', (template, language) => {
    const message = renderMessage(context(template, language));
    expect(message.subject).toMatch(/^\[CMI Rennes\] \S/);
    expect(message.text).toContain(language === 'fr' ? 'Bonjour Thi Mai NGUYEN,' : 'Dear Thi Mai NGUYEN,');
    expect(message.html).toMatch(/^<!doctype html>/);
    expect(message.text).not.toMatch(/undefined|\[object/);
  });

  it('lists each missing or rejected document with its reason, and the deadline, in the student\'s language', () => {
    const items = [
      { message: { fr: 'Pièce manquante : Formulaire CERFA signé, 2e page comprise.', en: 'Missing document: Signed CERFA form, including its 2nd page.' } },
      { message: { fr: 'Passeport refusé : illisible.', en: 'Passport rejected: illegible.' } },
    ];
    const fr = renderMessage(context('complement_requested', 'fr', { items }));
    expect(fr.subject).toBe('[CMI Rennes] Dossier CMI-2026-000123 : pièces à compléter avant le 23/12/2026');
    expect(fr.text).toContain('- Pièce manquante : Formulaire CERFA signé, 2e page comprise.\n- Passeport refusé : illisible.');
    const en = renderMessage(context('complement_requested', 'en', { items }));
    expect(en.text).toContain('- Passport rejected: illegible.');
    expect(en.text).toContain('by 2026-12-23 at the latest');
    expect(en.html).toContain('<li>Missing document: Signed CERFA form, including its 2nd page.</li>');
  });

  it('tells the student of the 2-step channel that no receipt is issued and the current permit stays valid (seed 000)', () => {
    for (const template of ['dossier_verified', 'dossier_forwarded', 'decision_favourable'] as const) {
      expect(renderMessage(context(template, 'fr')).text).toContain("Aucun récépissé n'est délivré");
      expect(renderMessage(context(template, 'en')).text).toContain('you keep your current residence permit until the new one is issued');
    }
  });

  it('escapes what it did not write in the HTML', () => {
    const message = renderMessage({ ...context('dossier_closed', 'en', { closeReason: 'other', reason: '<script>alert(1)</script>' }), recipientName: 'A & B' });
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.html).toContain('Dear A &amp; B,');
    expect(message.html).not.toContain('<script>');
  });

  it('alerts the agent before the implicit rejection, then when it is reached', () => {
    expect(renderMessage(context('silence_alert', 'fr', { daysLeft: 3 })).subject).toBe('[CMI Rennes] Dossier CMI-2026-000123 : rejet implicite le 18/02/2027');
    expect(renderMessage(context('silence_alert', 'fr', { daysLeft: 3 })).text).toContain('dans 3 jour(s)');
    const reached = renderMessage(context('silence_alert', 'en', { reached: true }));
    expect(reached.subject).toBe('[CMI Rennes] Dossier CMI-2026-000123: implicit rejection reached');
    expect(reached.text).toContain('as of 2027-02-18');
  });
});
