/**
 * The e-mails Passerelle sends, in French and English: to students about their dossier and
 * their permit, to agents about deadlines. Pure functions: a message is rendered from the
 * template, the language and the facts of the event, as text and as HTML.
 */
import type { LocalizedText } from '../catalog/catalog.model';

export const STUDENT_TEMPLATES = [
  'dossier_opened',
  'dossier_verified',
  'complement_requested',
  'complement_reminder',
  'complement_received',
  'dossier_forwarded',
  'decision_favourable',
  'decision_refused',
  'decision_withdrawn',
  'dossier_closed',
  'dossier_reopened',
  'summons',
  'card_ready',
  'permit_expiry_reminder',
  'attestation_expiry_reminder',
] as const;
export const AGENT_TEMPLATES = ['silence_alert', 'agent_digest'] as const;
export type StudentTemplate = (typeof STUDENT_TEMPLATES)[number];
export type TemplateName = StudentTemplate | (typeof AGENT_TEMPLATES)[number];

export function isTemplateName(name: unknown): name is TemplateName {
  return (STUDENT_TEMPLATES as readonly unknown[]).includes(name) || (AGENT_TEMPLATES as readonly unknown[]).includes(name);
}
export type Language = 'fr' | 'en';

export interface MessageContext {
  template: TemplateName;
  language: Language;
  office: string;
  recipientName: string;
  dossier?: { reference: string; procedure: LocalizedText };
  data: Record<string, unknown>;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

interface Body {
  subject: string;
  lines: string[];
  list?: string[];
  next?: string[];
}

const frDate = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10).split('-').reverse().join('/') : String(value));
const enDate = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10) : String(value));
const frDateTime = (value: unknown) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(String(value)));
const enDateTime = (value: unknown) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(String(value)));

/** Seed 000: what students of the 2-step procedure must know while the prefecture examines their dossier. */
const KEEP_PERMIT: LocalizedText = {
  fr: "Aucun récépissé n'est délivré pendant l'instruction : vous gardez votre titre de séjour actuel jusqu'à la délivrance du nouveau.",
  en: 'No receipt is issued while your application is examined: you keep your current residence permit until the new one is issued.',
};

const CLOSE_REASONS: Record<string, LocalizedText> = {
  deadline_expired: { fr: 'le délai pour envoyer les pièces demandées est dépassé', en: 'the time to send the requested documents has run out' },
  withdrawn: { fr: 'vous avez retiré votre demande', en: 'you withdrew your application' },
  not_eligible: { fr: 'votre situation ne permet pas cette démarche', en: 'your situation does not allow this application' },
  duplicate: { fr: 'un autre dossier est déjà ouvert pour la même démarche', en: 'another dossier is already open for the same application' },
  other: { fr: 'pour le motif indiqué ci-dessous', en: 'for the reason given below' },
};

const SUMMONS_REASONS: Record<string, LocalizedText> = {
  fingerprints: { fr: 'le relevé de vos empreintes', en: 'taking your fingerprints' },
  additional_information: { fr: 'des informations complémentaires', en: 'additional information' },
  card_collection: { fr: 'la remise de votre titre', en: 'collecting your card' },
  other: { fr: 'un rendez-vous', en: 'an appointment' },
};

type Items = { message: LocalizedText }[];

function body(context: MessageContext): Body {
  const { data, language: l } = context;
  const fr = l === 'fr';
  const ref = context.dossier?.reference ?? '';
  const procedure = context.dossier?.procedure[l] ?? '';
  const date = fr ? frDate : enDate;
  const items = ((data.items as Items | undefined) ?? []).map((item) => item.message[l]);
  switch (context.template) {
    case 'dossier_opened':
      return fr
        ? { subject: `Dossier ${ref} reçu`, lines: [`Nous avons bien reçu votre dossier « ${procedure} », enregistré sous la référence ${ref}.`, 'Un agent va le vérifier ; vous serez informé(e) par e-mail à chaque étape.'], next: ['Rappelez cette référence dans vos échanges avec nous.'] }
        : { subject: `Dossier ${ref} received`, lines: [`We have received your dossier "${procedure}", registered under reference ${ref}.`, 'An agent will check it; you will be told by e-mail at each step.'], next: ['Quote this reference when you write to us.'] };
    case 'dossier_verified':
      return fr
        ? { subject: `Dossier ${ref} complet`, lines: [`Votre dossier ${ref} est complet. Il sera transmis prochainement à la préfecture.`], next: [KEEP_PERMIT.fr] }
        : { subject: `Dossier ${ref} complete`, lines: [`Your dossier ${ref} is complete. It will be forwarded to the prefecture shortly.`], next: [KEEP_PERMIT.en] };
    case 'complement_requested':
      return fr
        ? { subject: `Dossier ${ref} : pièces à compléter avant le ${date(data.dueOn)}`, lines: [`Votre dossier ${ref} est incomplet. Merci de nous faire parvenir les pièces suivantes au plus tard le ${date(data.dueOn)} :`], list: items, next: [...(data.message ? [String(data.message)] : []), `Passé ce délai, votre demande sera close.`, 'Envoyez les pièces par courrier simple (pas en recommandé) ou déposez-les à l’accueil.'] }
        : { subject: `Dossier ${ref}: documents needed by ${date(data.dueOn)}`, lines: [`Your dossier ${ref} is incomplete. Please send us the following by ${date(data.dueOn)} at the latest:`], list: items, next: [...(data.message ? [String(data.message)] : []), 'After that date, your application will be closed.', 'Send the documents by ordinary post (not registered mail) or bring them to the front desk.'] };
    case 'complement_reminder':
      return fr
        ? { subject: `Rappel : dossier ${ref}, pièces attendues avant le ${date(data.dueOn)}`, lines: [`Il reste ${data.daysLeft} jour(s) pour compléter votre dossier ${ref}. Pièces encore attendues :`], list: items, next: [`Sans ces pièces le ${date(data.dueOn)}, votre demande sera close.`] }
        : { subject: `Reminder: dossier ${ref}, documents due by ${date(data.dueOn)}`, lines: [`${data.daysLeft} day(s) left to complete your dossier ${ref}. Still expected:`], list: items, next: [`Without these documents by ${date(data.dueOn)}, your application will be closed.`] };
    case 'complement_received':
      return fr
        ? { subject: `Dossier ${ref} : pièces reçues`, lines: [`Nous avons reçu les pièces demandées pour votre dossier ${ref}. Il va être vérifié à nouveau.`] }
        : { subject: `Dossier ${ref}: documents received`, lines: [`We have received the documents requested for your dossier ${ref}. It will be checked again.`] };
    case 'dossier_forwarded':
      return fr
        ? { subject: `Dossier ${ref} transmis à la préfecture`, lines: [`Votre dossier ${ref} a été transmis à la préfecture le ${date(data.filedOn)}.`, 'La préfecture peut vous convoquer pour des informations complémentaires ou pour relever vos empreintes.'], next: [KEEP_PERMIT.fr] }
        : { subject: `Dossier ${ref} forwarded to the prefecture`, lines: [`Your dossier ${ref} was forwarded to the prefecture on ${date(data.filedOn)}.`, 'The prefecture may summon you for more information or to take your fingerprints.'], next: [KEEP_PERMIT.en] };
    case 'decision_favourable':
      return fr
        ? { subject: `Dossier ${ref} : décision favorable`, lines: [`La préfecture a rendu une décision favorable sur votre demande (${procedure}).`], next: ['Vous serez informé(e) dès que votre titre sera disponible.', KEEP_PERMIT.fr] }
        : { subject: `Dossier ${ref}: favourable decision`, lines: [`The prefecture has decided favourably on your application (${procedure}).`], next: ['You will be told as soon as your card is ready.', KEEP_PERMIT.en] };
    case 'decision_refused':
      return fr
        ? { subject: `Dossier ${ref} : décision de la préfecture`, lines: [`La préfecture a refusé votre demande (${procedure}).`], next: ['La décision écrite de la préfecture indique les voies et délais de recours.', 'Vous pouvez prendre rendez-vous avec nous pour en parler.'] }
        : { subject: `Dossier ${ref}: prefecture's decision`, lines: [`The prefecture has refused your application (${procedure}).`], next: ["The prefecture's written decision states how and when it can be appealed.", 'You can make an appointment with us to talk about it.'] };
    case 'decision_withdrawn':
      return fr
        ? { subject: `Dossier ${ref} : décision retirée`, lines: [`La décision enregistrée sur votre dossier ${ref} a été retirée ; la préfecture doit se prononcer à nouveau.`, ...(data.reason ? [String(data.reason)] : [])], next: [KEEP_PERMIT.fr] }
        : { subject: `Dossier ${ref}: decision withdrawn`, lines: [`The decision recorded on your dossier ${ref} has been withdrawn; the prefecture is to decide again.`, ...(data.reason ? [String(data.reason)] : [])], next: [KEEP_PERMIT.en] };
    case 'dossier_closed': {
      const reason = CLOSE_REASONS[String(data.closeReason)] ?? CLOSE_REASONS.other!;
      return fr
        ? { subject: `Dossier ${ref} clos`, lines: [`Votre dossier ${ref} est clos : ${reason.fr}.`, ...(data.reason ? [String(data.reason)] : [])], next: ['Vous pouvez déposer un nouveau dossier si votre situation le permet.'] }
        : { subject: `Dossier ${ref} closed`, lines: [`Your dossier ${ref} is closed: ${reason.en}.`, ...(data.reason ? [String(data.reason)] : [])], next: ['You may file a new dossier if your situation allows it.'] };
    }
    case 'dossier_reopened':
      return fr
        ? { subject: `Dossier ${ref} rouvert`, lines: [`Votre dossier ${ref} a été rouvert et va être examiné à nouveau.`, ...(data.reason ? [String(data.reason)] : [])] }
        : { subject: `Dossier ${ref} reopened`, lines: [`Your dossier ${ref} has been reopened and will be examined again.`, ...(data.reason ? [String(data.reason)] : [])] };
    case 'summons': {
      const reason = SUMMONS_REASONS[String(data.reason)] ?? SUMMONS_REASONS.other!;
      return fr
        ? { subject: `Dossier ${ref} : convocation en préfecture`, lines: [`La préfecture vous convoque pour ${reason.fr} le ${frDateTime(data.appointmentAt)}${data.place ? `, ${data.place}` : ''}.`], next: ['Présentez-vous avec votre passeport et votre titre de séjour actuel.'] }
        : { subject: `Dossier ${ref}: summoned by the prefecture`, lines: [`The prefecture summons you for ${reason.en} on ${enDateTime(data.appointmentAt)}${data.place ? `, ${data.place}` : ''}.`], next: ['Bring your passport and your current residence permit.'] };
    }
    case 'card_ready':
      return fr
        ? { subject: `Dossier ${ref} : votre titre est disponible`, lines: [`Votre titre de séjour est disponible en préfecture depuis le ${date(data.on)}.`], next: ['Prenez rendez-vous pour le retirer, avec votre passeport, votre titre actuel et les timbres fiscaux demandés.'] }
        : { subject: `Dossier ${ref}: your card is ready`, lines: [`Your residence permit has been ready at the prefecture since ${date(data.on)}.`], next: ['Make an appointment to collect it, with your passport, your current permit and the tax stamps required.'] };
    case 'permit_expiry_reminder':
      return fr
        ? { subject: `Votre titre de séjour expire le ${date(data.validUntil)}`, lines: [`Votre titre de séjour expire le ${date(data.validUntil)}, dans ${data.daysLeft} jours, et aucun dossier n'est en cours chez nous.`], next: ['La demande se dépose entre 120 et 60 jours avant l’expiration ; au-delà, une taxe de régularisation de 180 € peut être due.', 'Contactez-nous pour savoir quelle démarche vous concerne.'] }
        : { subject: `Your residence permit expires on ${date(data.validUntil)}`, lines: [`Your residence permit expires on ${date(data.validUntil)}, in ${data.daysLeft} days, and no dossier of yours is open with us.`], next: ['Applications are filed between 120 and 60 days before expiry; later, a 180 € regularisation tax may be due.', 'Contact us to find out which application applies to you.'] };
    case 'attestation_expiry_reminder':
      return fr
        ? { subject: `Votre attestation de prolongation expire le ${date(data.validUntil)}`, lines: [`Votre attestation de prolongation d'instruction expire le ${date(data.validUntil)}.`], next: ['Demandez son renouvellement à la préfecture avant cette date, ou déposez votre dossier RECE si vous avez obtenu votre diplôme.'] }
        : { subject: `Your extension attestation expires on ${date(data.validUntil)}`, lines: [`Your extension attestation expires on ${date(data.validUntil)}.`], next: ['Ask the prefecture to renew it before then, or file your RECE dossier if you have your diploma.'] };
    case 'silence_alert':
      if (data.reached) {
        return fr
          ? { subject: `Dossier ${ref} : rejet implicite acquis`, lines: [`La préfecture n'a pas rendu de décision : son silence vaut rejet implicite depuis le ${date(data.implicitRejectionOn)} (dossier ${ref}).`], next: ['Enregistrez la décision si elle arrive, ou informez l’étudiant(e) des voies de recours.'] }
          : { subject: `Dossier ${ref}: implicit rejection reached`, lines: [`The prefecture has not decided: its silence is an implicit rejection as of ${date(data.implicitRejectionOn)} (dossier ${ref}).`], next: ['Record the decision if it comes, or tell the student how to appeal.'] };
      }
      return fr
        ? { subject: `Dossier ${ref} : rejet implicite le ${date(data.implicitRejectionOn)}`, lines: [`Sans décision de la préfecture, le silence vaudra rejet implicite le ${date(data.implicitRejectionOn)}, dans ${data.daysLeft} jour(s) (dossier ${ref}, transmis le ${date(data.filedOn)}).`], next: ['Relancez la préfecture ou prévenez l’étudiant(e).'] }
        : { subject: `Dossier ${ref}: implicit rejection on ${date(data.implicitRejectionOn)}`, lines: [`Without a decision, the prefecture's silence becomes an implicit rejection on ${date(data.implicitRejectionOn)}, in ${data.daysLeft} day(s) (dossier ${ref}, forwarded on ${date(data.filedOn)}).`], next: ['Chase the prefecture or warn the student.'] };
    case 'agent_digest': {
      const rows = (data.dossiers as { reference: string; deadlineAt: string; overdue: boolean }[] | undefined) ?? [];
      const list = rows.map((row) => `${row.reference} — ${fr ? 'échéance' : 'due'} ${date(row.deadlineAt)}${row.overdue ? (fr ? ' (dépassée)' : ' (overdue)') : ''}`);
      return fr
        ? { subject: `Vos dossiers du ${date(data.day)} : ${rows.length} échéance(s)`, lines: ['Vos dossiers dont l’échéance tombe aujourd’hui ou est dépassée :'], list }
        : { subject: `Your dossiers for ${date(data.day)}: ${rows.length} deadline(s)`, lines: ['Your dossiers due today or overdue:'], list };
    }
  }
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderMessage(context: MessageContext): RenderedMessage {
  const content = body(context);
  const fr = context.language === 'fr';
  const greeting = fr ? `Bonjour ${context.recipientName},` : `Dear ${context.recipientName},`;
  const signature = fr ? `L'équipe du ${context.office}` : `The ${context.office} team`;
  const automatic = fr ? 'Message automatique : merci de ne pas y répondre directement.' : 'Automatic message: please do not reply to it directly.';
  const text = [
    greeting,
    '',
    ...content.lines,
    ...(content.list?.length ? ['', ...content.list.map((item) => `- ${item}`)] : []),
    ...(content.next?.length ? ['', ...content.next] : []),
    '',
    signature,
    automatic,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">',
    `<p>${escape(greeting)}</p>`,
    ...content.lines.map((line) => `<p>${escape(line)}</p>`),
    content.list?.length ? `<ul>${content.list.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>` : '',
    ...(content.next ?? []).map((line) => `<p>${escape(line)}</p>`),
    `<p>${escape(signature)}<br><small>${escape(automatic)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `[${context.office}] ${content.subject}`, text, html };
}
