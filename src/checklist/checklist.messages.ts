import type { LocalizedText } from '../catalog/catalog.model';

/**
 * The words of every finding, in French and English. Names (of slots, documents, facts)
 * come from the procedure definition, already in both languages.
 */

const both = (fr: string, en: string): LocalizedText => ({ fr, en });
const list = (names: LocalizedText[], lang: keyof LocalizedText, last: string) =>
  names.length <= 1 ? (names[0]?.[lang] ?? '') : `${names.slice(0, -1).map((n) => n[lang]).join(', ')} ${last} ${names[names.length - 1]![lang]}`;
const frDate = (date: string) => date.split('-').reverse().join('/');

export const REJECTION_REASONS = {
  illegible: both('illisible', 'illegible'),
  expired: both('périmé', 'expired'),
  unsigned: both('non signé', 'not signed'),
  incomplete: both('incomplet', 'incomplete'),
  wrong_document: both('ce n’est pas le document demandé', 'not the document asked for'),
  other: both('autre motif', 'other reason'),
} as const;

export const messages = {
  caseMissing: () => both('Préciser le cas de la demande (première demande, renouvellement...).', 'Say which case the application is (first application, renewal...).'),
  factMissing: (fact: LocalizedText) => both(`Renseigner : ${fact.fr}.`, `Fill in: ${fact.en}.`),
  documentMissing: (slot: LocalizedText) => both(`Pièce manquante : ${slot.fr}.`, `Missing document: ${slot.en}.`),
  alternativeUnmet: (slot: LocalizedText, options: LocalizedText[]) =>
    both(`Pièce manquante : ${slot.fr} (${list(options, 'fr', 'ou')}).`, `Missing document: ${slot.en} (${list(options, 'en', 'or')}).`),
  bundleIncomplete: (slot: LocalizedText, missing: LocalizedText[]) =>
    both(`${slot.fr} incomplet : il manque ${list(missing, 'fr', 'et')}.`, `${slot.en} incomplete: missing ${list(missing, 'en', 'and')}.`),
  documentRejected: (document: LocalizedText, reason: LocalizedText, text: string | null) =>
    both(
      `${document.fr} refusé : ${reason.fr}${text ? ` (${text})` : ''}.`,
      `${document.en} rejected: ${reason.en}${text ? ` (${text})` : ''}.`,
    ),
  tooOld: (document: LocalizedText, issuedOn: string, oldest: string) =>
    both(
      `${document.fr} trop ancien : daté du ${frDate(issuedOn)}, il doit dater au plus tôt du ${frDate(oldest)}.`,
      `${document.en} too old: issued on ${issuedOn}, it must be dated ${oldest} or later.`,
    ),
  issueDateMissing: (document: LocalizedText) =>
    both(`${document.fr} : indiquer la date du document pour vérifier son ancienneté.`, `${document.en}: record the document's date to check its age.`),
  expired: (document: LocalizedText, validUntil: string, filingDate: string) =>
    both(
      `${document.fr} expiré : valable jusqu'au ${frDate(validUntil)}, il doit l'être au dépôt (${frDate(filingDate)}).`,
      `${document.en} expired: valid until ${validUntil}, it must be valid on the filing date (${filingDate}).`,
    ),
  validityMissing: (document: LocalizedText) =>
    both(`${document.fr} : indiquer la date de fin de validité.`, `${document.en}: record the end of validity.`),
  unsigned: (document: LocalizedText) => both(`${document.fr} non signé.`, `${document.en} is not signed.`),
  undated: (document: LocalizedText) => both(`${document.fr} non daté.`, `${document.en} is not dated.`),
  incomplete: (document: LocalizedText) =>
    both(`${document.fr} incomplet : toutes les pages sont demandées (2e page comprise).`, `${document.en} incomplete: every page is required (2nd page included).`),
  count: (document: LocalizedText, got: number, needed: number) =>
    both(`${document.fr} : ${got} sur ${needed} demandés.`, `${document.en}: ${got} of ${needed} required.`),
  ePhotoMissing: () => both('Code e-photo non renseigné (8 lettres ou chiffres, ex. 1PMTVR13).', 'E-photo code missing (8 letters or digits, e.g. 1PMTVR13).'),
  ePhotoInvalid: (code: string) =>
    both(`Code e-photo « ${code} » invalide : 8 lettres majuscules ou chiffres attendus (ex. 1PMTVR13).`, `E-photo code "${code}" is invalid: 8 capital letters or digits expected (e.g. 1PMTVR13).`),
  notReviewed: (slot: LocalizedText) => both(`${slot.fr} : reçu, pas encore validé.`, `${slot.en}: received, not reviewed yet.`),
  noPermit: () => both("Aucun titre de séjour en cours n'est enregistré pour l'étudiant.", 'No current residence permit is recorded for the student.'),
  permitExpired: (validUntil: string, filingDate: string) =>
    both(
      `Le titre de séjour a expiré le ${frDate(validUntil)} : il doit être valide au dépôt (${frDate(filingDate)}).`,
      `The residence permit expired on ${validUntil}: it must be valid on the filing date (${filingDate}).`,
    ),
  permitKind: (kind: string, allowed: string[]) =>
    both(`Titre actuel (${kind}) non accepté pour cette démarche (attendu : ${allowed.join(', ')}).`, `Current permit (${kind}) is not accepted for this procedure (expected: ${allowed.join(', ')}).`),
  studyLevel: (level: string, allowed: string[]) =>
    both(`Niveau d'études (${level}) non accepté pour cette démarche (attendu : ${allowed.join(', ')}).`, `Level of study (${level}) is not accepted for this procedure (expected: ${allowed.join(', ')}).`),
  academicYear: (recorded: string, current: string) =>
    both(`Inscription pour ${recorded} : elle doit porter sur l'année en cours (${current}).`, `Enrolled for ${recorded}: the enrolment must be for the current year (${current}).`),
  notMember: () => both("L'établissement de l'étudiant n'est pas membre du CMI.", "The student's institution is not a member of the office."),
  tooEarly: (opensOn: string, days: number) =>
    both(
      `Trop tôt : le dépôt est possible à partir du ${frDate(opensOn)} (${days} jours avant l'expiration du titre).`,
      `Too early: filing opens on ${opensOn} (${days} days before the permit expires).`,
    ),
  late: (closedOn: string, taxEur: number | null) =>
    both(
      `Dépôt tardif : il fallait déposer au plus tard le ${frDate(closedOn)}${taxEur ? ` ; une taxe de régularisation de ${taxEur} € est due` : ''}.`,
      `Late filing: it was due on ${closedOn} at the latest${taxEur ? `; a ${taxEur} € regularisation tax is due` : ''}.`,
    ),
  tooLate: (validUntil: string) =>
    both(`Trop tard : le titre a expiré le ${frDate(validUntil)}.`, `Too late: the permit expired on ${validUntil}.`),
  courseEndUnknown: () =>
    both("Date de soutenance ou de fin de stage inconnue : l'enregistrer sur la fiche étudiant.", "Defence or end-of-internship date unknown: record it on the student's record."),
  permitOutlastsCourse: (validUntil: string, courseEnd: string) =>
    both(
      `Le titre (valable jusqu'au ${frDate(validUntil)}) couvre déjà la fin de formation (${frDate(courseEnd)}) : pas de prolongation nécessaire.`,
      `The permit (valid until ${validUntil}) already covers the end of the course (${courseEnd}): no extension is needed.`,
    ),
};
