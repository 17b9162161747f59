import type { LocalizedText } from '../catalog/catalog.model';
import { formatDay, formatEuros, inSentence, PeopleLanguage } from '../common/people-format';
import type { RejectionReason } from '../documents/documents.model';
import type { PermitKind, StudyLevel } from '../common/vocabulary';

/**
 * The words of every finding, for agents, in French and English. Names (of slots, documents,
 * facts) come from the procedure definition, already in both languages; the sentences are
 * built so that any name fits them (no agreement with a name of either gender: "Attestation
 * d'assurance maladie : pièce refusée"). Dates and amounts are written as people write them
 * (common/people-format). What a student reads is worded from the finding's `params` elsewhere.
 */

const both = (fr: string, en: string): LocalizedText => ({ fr, en });
const list = (names: LocalizedText[], lang: keyof LocalizedText, last: string) =>
  names.length <= 1
    ? (names[0]?.[lang] ?? '')
    : `${names
        .slice(0, -1)
        .map((n) => n[lang])
        .join(', ')} ${last} ${names[names.length - 1]![lang]}`;
const day = (date: string, lang: PeopleLanguage) => formatDay(date, lang);
const number = (value: number, lang: PeopleLanguage) => new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(value);

/** Rejection reasons as nouns or neutral phrases, so that they fit any document name. */
export const REJECTION_REASON_LABELS: Record<RejectionReason, LocalizedText> = {
  illegible: both('document illisible', 'illegible document'),
  expired: both('document périmé', 'expired document'),
  unsigned: both('document non signé', 'unsigned document'),
  incomplete: both('document incomplet', 'incomplete document'),
  wrong_document: both('ce n’est pas le document demandé', 'not the document asked for'),
  other: both('autre motif', 'other reason'),
};

export const STUDY_LEVEL_LABELS: Record<StudyLevel, LocalizedText> = {
  preparatory: both('Classe préparatoire / cycle préparatoire', 'Preparatory class / preparatory cycle'),
  l1: both('Licence 1', 'Licence, 1st year (L1)'),
  l2: both('Licence 2', 'Licence, 2nd year (L2)'),
  l3: both('Licence 3', 'Licence, 3rd year (L3)'),
  licence_pro: both('Licence professionnelle', 'Professional licence (licence professionnelle)'),
  bachelor: both('Bachelor', 'Bachelor'),
  m1: both('M1', "Master's, 1st year (M1)"),
  m2: both('M2', "Master's, 2nd year (M2)"),
  engineering_1: both('1re année du cycle ingénieur', 'Engineering cycle, 1st year'),
  engineering_2: both('2e année du cycle ingénieur', 'Engineering cycle, 2nd year'),
  engineering_final_year: both('Dernière année du cycle ingénieur', 'Final year of an engineering cycle'),
  mastere_specialise: both('Mastère spécialisé', 'Mastère spécialisé (specialised master)'),
  msc: both('MSc', 'MSc'),
  du: both("Diplôme d'université (DU)", 'University diploma (DU)'),
  doctorate: both('Doctorat', 'Doctorate'),
  other: both('Autre', 'Other'),
};

export const PERMIT_KIND_LABELS: Record<PermitKind, LocalizedText> = {
  vls_ts_student: both('VLS-TS étudiant', 'Student long-stay visa (VLS-TS)'),
  student: both('Carte de séjour étudiant', 'Student residence permit'),
  student_multi_year: both('Carte pluriannuelle étudiant', 'Multi-year student residence permit'),
  rece: both("Carte RECE (recherche d'emploi / création d'entreprise)", 'RECE card (job search / business creation)'),
  extension_attestation: both("Attestation de prolongation d'instruction", 'Extension attestation (prolongation d’instruction)'),
  receipt: both('Récépissé', 'Receipt (récépissé)'),
  talent_researcher: both('Carte talent – chercheur', 'Talent – researcher card'),
  employee: both('Carte salarié', 'Employee residence permit'),
  other: both('Autre', 'Other'),
};

/** What an agent is asked to record when a yes/no attribute of a document was left blank. */
const ATTRIBUTE_QUESTIONS: Record<string, LocalizedText> = {
  signed: both('si la pièce est signée', 'whether it is signed'),
  dated: both('si la pièce est datée', 'whether it is dated'),
  allPages: both('si toutes les pages sont là', 'whether every page is there'),
  hasMobileNumber: both('si le numéro de mobile y figure', 'whether the mobile number is on it'),
  hasEmailAddress: both("si l'adresse e-mail y figure", 'whether the e-mail address is on it'),
};

export const messages = {
  caseMissing: () =>
    both('Préciser le cas de la demande (première demande, renouvellement...).', 'Say which case the application is (first application, renewal...).'),
  factMissing: (fact: LocalizedText) => both(`Renseigner : ${fact.fr}.`, `Fill in: ${fact.en}.`),
  documentMissing: (slot: LocalizedText) => both(`Pièce manquante : ${slot.fr}.`, `Missing document: ${slot.en}.`),
  alternativeUnmet: (slot: LocalizedText, options: LocalizedText[]) =>
    both(`Pièce manquante : ${slot.fr} (${list(options, 'fr', 'ou')}).`, `Missing document: ${slot.en} (${list(options, 'en', 'or')}).`),
  bundleIncomplete: (slot: LocalizedText, missing: LocalizedText[]) =>
    both(
      `${slot.fr} : ${missing.length > 1 ? 'pièces manquantes' : 'pièce manquante'} — ${list(missing, 'fr', 'et')}.`,
      `${slot.en} incomplete: missing ${list(missing, 'en', 'and')}.`,
    ),
  documentRejected: (document: LocalizedText, reason: RejectionReason, text: string | null) => {
    // "autre motif" says nothing once the agent has written the reason
    const words = text ? inSentence(text) : '';
    const why = (lang: keyof LocalizedText, quote: (t: string) => string) =>
      reason === 'other' && words ? quote(words) : `${REJECTION_REASON_LABELS[reason][lang]}${words ? ` — ${quote(words)}` : ''}`;
    return both(
      `${document.fr} : pièce refusée (motif : ${why('fr', (t) => `« ${t} »`)}).`,
      `${document.en}: rejected (reason: ${why('en', (t) => `"${t}"`)}).`,
    );
  },
  tooOld: (document: LocalizedText, issuedOn: string, oldest: string) =>
    both(
      `${document.fr} : pièce trop ancienne (datée du ${day(issuedOn, 'fr')}, elle doit dater au plus tôt du ${day(oldest, 'fr')}).`,
      `${document.en} too old: issued on ${day(issuedOn, 'en')}, it must be dated ${day(oldest, 'en')} or later.`,
    ),
  issueDateMissing: (document: LocalizedText) =>
    both(`${document.fr} : indiquer la date du document pour vérifier son ancienneté.`, `${document.en}: record the document's date to check its age.`),
  expired: (document: LocalizedText, validUntil: string, filingDate: string) =>
    both(
      `${document.fr} : pièce expirée (valable jusqu'au ${day(validUntil, 'fr')}, elle doit l'être à la date de dépôt, le ${day(filingDate, 'fr')}).`,
      `${document.en} expired: valid until ${day(validUntil, 'en')}, it must be valid on the filing date (${day(filingDate, 'en')}).`,
    ),
  validityMissing: (document: LocalizedText) => both(`${document.fr} : indiquer la date de fin de validité.`, `${document.en}: record the end of validity.`),
  unsigned: (document: LocalizedText) => both(`${document.fr} : signature manquante.`, `${document.en} is not signed.`),
  undated: (document: LocalizedText) => both(`${document.fr} : date manquante (la pièce doit être datée).`, `${document.en} is not dated.`),
  incomplete: (document: LocalizedText) =>
    both(
      `${document.fr} : pages manquantes — toutes les pages sont demandées (2e page comprise).`,
      `${document.en} incomplete: every page is required (2nd page included).`,
    ),
  count: (document: LocalizedText, got: number, needed: number) =>
    both(`${document.fr} : ${got} sur ${needed} exemplaires demandés.`, `${document.en}: ${got} of ${needed} required.`),
  ePhotoMissing: () => both('Code e-photo non renseigné (8 lettres ou chiffres, ex. 1PMTVR13).', 'E-photo code missing (8 letters or digits, e.g. 1PMTVR13).'),
  ePhotoInvalid: (code: string) =>
    both(
      `Code e-photo « ${code} » invalide : 8 lettres majuscules ou chiffres attendus (ex. 1PMTVR13).`,
      `E-photo code "${code}" is invalid: 8 capital letters or digits expected (e.g. 1PMTVR13).`,
    ),
  noMobileNumber: (document: LocalizedText) =>
    both(`${document.fr} : le numéro de téléphone mobile n'y figure pas.`, `${document.en}: the mobile phone number is not on it.`),
  attributeNotRecorded: (document: LocalizedText, attribute: string) => {
    const what = ATTRIBUTE_QUESTIONS[attribute] ?? { fr: attribute, en: attribute };
    return both(`${document.fr} : indiquer ${what.fr}.`, `${document.en}: record ${what.en}.`);
  },
  noEmailAddress: (document: LocalizedText) => both(`${document.fr} : l'adresse e-mail n'y figure pas.`, `${document.en}: the e-mail address is not on it.`),
  notReviewed: (slot: LocalizedText) => both(`${slot.fr} : pièce reçue, pas encore validée.`, `${slot.en}: received, not reviewed yet.`),
  noPermit: () => both("Aucun titre de séjour en cours n'est enregistré pour l'étudiant.", 'No current residence permit is recorded for the student.'),
  permitExpired: (validUntil: string, filingDate: string) =>
    both(
      `Le titre de séjour a expiré le ${day(validUntil, 'fr')} : il doit être valide à la date de dépôt (${day(filingDate, 'fr')}).`,
      `The residence permit expired on ${day(validUntil, 'en')}: it must be valid on the filing date (${day(filingDate, 'en')}).`,
    ),
  permitKind: (kind: PermitKind, allowed: PermitKind[]) => {
    const labels = allowed.map((k) => PERMIT_KIND_LABELS[k]);
    return both(
      `Titre actuel (${PERMIT_KIND_LABELS[kind].fr}) non accepté pour cette démarche (attendu : ${list(labels, 'fr', 'ou')}).`,
      `Current permit (${PERMIT_KIND_LABELS[kind].en}) is not accepted for this procedure (expected: ${list(labels, 'en', 'or')}).`,
    );
  },
  studyLevel: (level: StudyLevel, allowed: StudyLevel[]) => {
    const labels = allowed.map((l) => STUDY_LEVEL_LABELS[l]);
    return both(
      `Niveau d'études (${STUDY_LEVEL_LABELS[level].fr}) non accepté pour cette démarche (attendu : ${list(labels, 'fr', 'ou')}).`,
      `Level of study (${STUDY_LEVEL_LABELS[level].en}) is not accepted for this procedure (expected: ${list(labels, 'en', 'or')}).`,
    );
  },
  academicYear: (recorded: string, current: string) =>
    both(
      `Inscription pour ${recorded} : elle doit porter sur l'année en cours (${current}).`,
      `Enrolled for ${recorded}: the enrolment must be for the current year (${current}).`,
    ),
  notMember: () => both("L'établissement de l'étudiant n'est pas membre du CMI.", "The student's institution is not a member of the office."),
  tooEarly: (opensOn: string, days: number) =>
    both(
      `Trop tôt : le dépôt est possible à partir du ${day(opensOn, 'fr')} (${days} jours avant l'expiration du titre).`,
      `Too early: filing opens on ${day(opensOn, 'en')} (${days} days before the permit expires).`,
    ),
  late: (closedOn: string, taxEur: number | null) =>
    both(
      `Dépôt tardif : il fallait déposer au plus tard le ${day(closedOn, 'fr')}${taxEur ? ` ; un droit de visa de régularisation de ${formatEuros(taxEur, 'fr')} est dû` : ''}.`,
      `Late filing: it was due on ${day(closedOn, 'en')} at the latest${taxEur ? `; a ${formatEuros(taxEur, 'en')} regularisation fee is due` : ''}.`,
    ),
  tooLate: (validUntil: string) =>
    both(`Trop tard : le titre a expiré le ${day(validUntil, 'fr')}.`, `Too late: the permit expired on ${day(validUntil, 'en')}.`),
  courseEndUnknown: () =>
    both(
      "Date de soutenance ou de fin de stage inconnue : l'enregistrer sur la fiche étudiant.",
      "Defence or end-of-internship date unknown: record it on the student's record.",
    ),
  permitOutlastsCourse: (validUntil: string, courseEnd: string) =>
    both(
      `Le titre (valable jusqu'au ${day(validUntil, 'fr')}) couvre déjà la fin de formation (${day(courseEnd, 'fr')}) : pas de prolongation nécessaire.`,
      `The permit (valid until ${day(validUntil, 'en')}) already covers the end of the course (${day(courseEnd, 'en')}): no extension is needed.`,
    ),
  belowMinimum: (fact: LocalizedText, value: number, minimum: number, unit: 'eur' | undefined) => {
    const write = (amount: number, lang: PeopleLanguage) => (unit === 'eur' ? formatEuros(amount, lang) : number(amount, lang));
    return both(
      `${fact.fr} : ${write(value, 'fr')}, en dessous du minimum requis (${write(minimum, 'fr')}).`,
      `${fact.en}: ${write(value, 'en')}, below the required minimum (${write(minimum, 'en')}).`,
    );
  },
};
