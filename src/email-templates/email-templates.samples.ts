/**
 * Realistic data for every template: what an office admin's new wording is checked against
 * before it is accepted (every procedure and channel it will meet), and what the tests render.
 */
import type { ProcedureDefinition } from '../catalog/catalog.model';
import { addDays } from '../common/dates';
import type { OfficeProfile } from '../office/office.model';
import { buildContext, type ContextDossier } from './email-templates.context';
import type { EmailContext, EmailLanguage, TemplateName } from './email-templates.model';
import { AGENT_TEMPLATES, PERMIT_EXPIRY_STAGES, SILENCE_STAGES, WITHOUT_DOSSIER } from './email-templates.model';

/** A student's personal link as the samples and the agents' previews show it (the real one is minted at delivery). */
export const SAMPLE_STUDENT_LINK = 'https://passerelle.example/s/#lien-personnel';

/** Whom a sample e-mail greets: an agent for the agents' e-mails, a student otherwise. */
export const sampleRecipient = (template: TemplateName) => ((AGENT_TEMPLATES as readonly string[]).includes(template) ? 'Claire Martin' : 'Aminata Diallo');

export type SampleDefinition = Pick<ProcedureDefinition, 'code' | 'names' | 'result' | 'fee' | 'fileConstraints' | 'channel' | 'slots' | 'documentKinds'>;

/** The event data of a template on `today`, in every state the template words differently. */
export function sampleData(
  template: TemplateName,
  definition: SampleDefinition | null,
  today: string,
  language: EmailLanguage = 'fr',
): Record<string, unknown>[] {
  const fr = language === 'fr';
  const slots = definition?.slots ?? [];
  const ask = (i: number) => {
    const slot = slots[i % Math.max(1, slots.length)];
    const names = (slot as { ask?: { fr: string; en: string } } | undefined)?.ask ??
      slot?.names ?? { fr: 'Justificatif de domicile de moins de 6 mois', en: 'Proof of address less than 6 months old' };
    return names;
  };
  const items = [
    { slot: slots[0]?.code ?? 'a', codes: ['document.missing'], documentIds: [], what: ask(0), why: null },
    {
      slot: slots[1]?.code ?? 'b',
      codes: ['document.too-old'],
      documentIds: [],
      what: ask(1),
      why: {
        fr: "le document reçu est daté du 2 mars 2026 ; il doit dater du 3 juin 2026 ou d'après",
        en: 'the document we received is dated 2 March 2026; it must be dated 3 June 2026 or later',
      },
    },
  ];
  const dueOn = addDays(today, 30);
  switch (template) {
    case 'dossier_opened':
      return [{ receivedOn: today }];
    case 'complement_requested':
      return [
        { items, dueOn, message: null },
        {
          items,
          dueOn,
          message: fr
            ? 'Merci de joindre aussi la page de votre passeport portant le dernier visa.'
            : 'Please also send the passport page with your latest visa.',
        },
      ];
    case 'complement_reminder':
      return [
        { items, dueOn: addDays(today, 6), daysLeft: 7 },
        { items: items.slice(0, 1), dueOn: today, daysLeft: 1 },
      ];
    case 'dossier_forwarded':
      return [{ filedOn: today }];
    case 'decision_favourable':
    case 'decision_refused':
      return [{ decidedOn: today }];
    case 'decision_withdrawn':
    case 'dossier_reopened':
      return [
        { reason: null },
        { reason: fr ? 'La décision avait été enregistrée sur le mauvais dossier.' : 'The decision had been recorded on the wrong dossier.' },
      ];
    case 'dossier_closed':
      return ['deadline_expired', 'withdrawn', 'not_eligible', 'duplicate', 'other'].map((closeReason) => ({
        closeReason,
        reason: closeReason === 'other' ? (fr ? 'Vous avez obtenu un autre titre de séjour.' : 'You have obtained another residence permit.') : null,
      }));
    case 'summons':
      return ['fingerprints', 'additional_information', 'card_collection', 'other'].map((reason, i) => ({
        reason,
        appointmentAt: `${addDays(today, 12 + i)}T08:30:00.000Z`,
        place: i % 2 ? null : 'Préfecture d’Ille-et-Vilaine, 3 avenue de la Préfecture, 35000 Rennes',
        note: i === 1 ? (fr ? 'Apportez l’original de votre diplôme.' : 'Bring the original of your diploma.') : null,
      }));
    case 'card_ready':
      return [{ readyOn: today }];
    case 'permit_expiry_reminder':
      // each stage, with the fee the catalog gives — and without it (a catalog without the renewal)
      return [180, null].flatMap((lateTaxEur) =>
        PERMIT_EXPIRY_STAGES.map((stage) => {
          const daysLeft = { not_open: 150, open: 90, late: 37, expired: -3 }[stage];
          const validUntil = addDays(today, daysLeft);
          return { validUntil, daysLeft, stage, opensOn: addDays(validUntil, -120), closesOn: addDays(validUntil, -60), lateTaxEur };
        }),
      );
    case 'attestation_expiry_reminder':
      return [{ validUntil: addDays(today, 21), daysLeft: 21 }];
    case 'silence_alert':
      return SILENCE_STAGES.map((stage) => ({
        stage,
        implicitRejectionOn: addDays(today, stage === 'coming' ? 14 : stage === 'reached' ? 0 : -40),
        daysLeft: stage === 'coming' ? 14 : 0,
      }));
    case 'student_message':
      return [{ dossierUrl: 'https://passerelle.example/#/dossiers/6f1c2a9e-3b4d-4e8f-9a01-2b3c4d5e6f70/show' }];
    case 'agent_digest':
      return [
        {
          day: today,
          dossiers: [
            { reference: 'CMI-2026-000045', deadlineOn: today, overdue: false },
            { reference: 'CMI-2026-000031', deadlineOn: addDays(today, -2), overdue: true },
          ],
        },
      ];
    case 'webhook_paused': {
      // after failures in a row (one, several), or a 410 — with the admin's description and without
      const paused = {
        subscriptionId: '0193f1c2-7a4b-7c3d-9e8f-0a1b2c3d4e5f',
        url: 'https://si.univ-rennes.example/passerelle/evenements',
        pausedAt: `${today}T13:05:00.000Z`,
      };
      return [
        { ...paused, description: fr ? 'Scolarité, suivi des titres de séjour' : 'Registry, residence permit follow-up', cause: 'failures', failures: 5 },
        { ...paused, description: null, cause: 'failures', failures: 1 },
        { ...paused, description: null, cause: 'gone', failures: null },
      ];
    }
    default:
      return [{}];
  }
}

export const SAMPLE_OFFICE: Pick<OfficeProfile, 'name' | 'postalAddress' | 'frontDeskHours' | 'phone' | 'email' | 'website' | 'signature'> = {
  name: 'CMI Rennes',
  postalAddress: ['CMI Rennes (M2 fin de formation carte RE/CE)', 'Cité Internationale Paul Ricœur', '1 place Paul Ricœur', '35000 RENNES'],
  frontDeskHours: { fr: 'du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h', en: 'Monday to Friday, 9 am to 12:30 pm and 1:30 pm to 5 pm' },
  phone: '02 61 91 00 35',
  email: 'contact@cmi-rennes.example',
  website: 'https://cmi.univ-rennes.fr/',
  signature: { fr: "L'équipe du CMI Rennes", en: 'The CMI Rennes team' },
};

export interface SampleCase {
  template: TemplateName;
  procedure: string | null;
  channel: string | null;
  language: EmailLanguage;
  context: EmailContext;
}

/**
 * Every context a template meets: each procedure and channel given (or none, for the e-mails
 * about no dossier), each language asked, each state of its data.
 */
export function sampleCases(
  template: TemplateName,
  options: { definitions: SampleDefinition[]; channels: readonly string[]; languages: readonly EmailLanguage[]; today: string; office?: typeof SAMPLE_OFFICE },
): SampleCase[] {
  const office = options.office ?? SAMPLE_OFFICE;
  const cases: SampleCase[] = [];
  const targets: { definition: SampleDefinition | null; channel: string | null }[] = WITHOUT_DOSSIER.includes(template)
    ? [{ definition: null, channel: null }]
    : options.definitions.flatMap((definition) => options.channels.map((channel) => ({ definition, channel })));
  for (const { definition, channel } of targets) {
    for (const language of options.languages) {
      for (const data of sampleData(template, definition, options.today, language)) {
        const dossier: ContextDossier | null = definition && {
          reference: 'CMI-2026-000123',
          channel: channel!,
          // forwarded today, or — for the silence alert — 90 days before the implicit-rejection day
          filedOn:
            template === 'silence_alert'
              ? addDays(String(data.implicitRejectionOn), -90)
              : ['dossier_forwarded', 'decision_favourable', 'decision_refused', 'decision_withdrawn', 'summons', 'card_ready'].includes(template)
                ? options.today
                : null,
          prefectureReference: channel === 'anef' ? '3501-2026-0042871' : null,
          // the student's e-mails carry their personal link; the office's never do
          link: (AGENT_TEMPLATES as readonly string[]).includes(template) ? null : SAMPLE_STUDENT_LINK,
          definition,
        };
        const recipientName = sampleRecipient(template);
        cases.push({
          template,
          procedure: definition?.code ?? null,
          channel,
          language,
          context: buildContext({ template, language, office, recipientName, dossier, data }),
        });
      }
    }
  }
  return cases;
}
