/**
 * What each problem `type` (`/problems/<slug>`) means and what to do about it, in French and in
 * English: the pages GET /problems/:type serves (src/problem-pages) and the OpenAPI document's
 * problem schemas are generated from it. Every slug of src/common/problem-messages.ts and of the
 * statuses' defaults (src/common/problem.ts) has an entry (problem-types.spec.ts checks it).
 */
import type { Language } from './problem-messages';

export interface ProblemTypeText {
  /** What happened, in a sentence. */
  meaning: string;
  /** What to do about it, in a sentence or two. */
  advice: string;
}

export type ProblemTypeEntry = Record<Language, ProblemTypeText>;

const NB = '\u00a0';
const entry = (fr: ProblemTypeText, en: ProblemTypeText): ProblemTypeEntry => ({ fr, en });

export const PROBLEM_TYPES: Record<string, ProblemTypeEntry> = {
  // the statuses' defaults
  'bad-request': entry(
    { meaning: 'La demande est mal formée.', advice: 'Corrigez la demande (adresse, paramètres, corps) avant de la renvoyer.' },
    { meaning: 'The request is malformed.', advice: 'Fix the request (URL, parameters, body) before sending it again.' },
  ),
  unauthorized: entry(
    {
      meaning: 'La demande n’est pas authentifiée, ou son jeton a expiré.',
      advice: 'Connectez-vous (POST /api/auth/login) et envoyez le jeton d’accès dans l’en-tête Authorization.',
    },
    {
      meaning: 'The request is not authenticated, or its token has expired.',
      advice: 'Log in (POST /api/auth/login) and send the access token in the Authorization header.',
    },
  ),
  forbidden: entry(
    { meaning: 'Votre compte n’a pas le droit de faire cette action.', advice: 'Demandez-la à un responsable ou à un administrateur du bureau.' },
    { meaning: 'Your account may not do this.', advice: 'Ask a supervisor or an administrator of the office to do it.' },
  ),
  'not-found': entry(
    {
      meaning: 'Cette ressource n’existe pas, ou pas pour vous.',
      advice: `Vérifiez l’identifiant${NB}: il a pu être supprimé, ou relever d’un autre établissement.`,
    },
    { meaning: 'This resource does not exist, or not for you.', advice: 'Check the id: it may have been deleted, or belong to another institution.' },
  ),
  'method-not-allowed': entry(
    { meaning: 'Cette adresse n’accepte pas cette méthode HTTP.', advice: 'Consultez la documentation de l’API (/docs) pour la bonne méthode.' },
    { meaning: 'This address does not take this HTTP method.', advice: 'See the API documentation (/docs) for the right method.' },
  ),
  'not-acceptable': entry(
    { meaning: 'Le format demandé (en-tête Accept) n’est pas disponible.', advice: 'Demandez un des formats que la documentation indique.' },
    { meaning: 'The format asked for (Accept header) is not available.', advice: 'Ask for one of the formats the documentation lists.' },
  ),
  conflict: entry(
    { meaning: 'La demande contredit l’état actuel de la ressource.', advice: 'Rechargez la ressource, puis refaites l’action si elle a encore lieu d’être.' },
    { meaning: 'The request contradicts the current state of the resource.', advice: 'Reload the resource, then do the action again if it still makes sense.' },
  ),
  'precondition-failed': entry(
    { meaning: 'Une condition de la demande n’est pas remplie.', advice: 'Rechargez la ressource et renvoyez la demande.' },
    { meaning: 'A condition of the request is not met.', advice: 'Reload the resource and send the request again.' },
  ),
  'payload-too-large': entry(
    { meaning: 'Le corps de la demande est trop volumineux.', advice: 'Envoyez moins de données, ou un fichier plus léger.' },
    { meaning: 'The request body is too large.', advice: 'Send less data, or a smaller file.' },
  ),
  'unsupported-media-type': entry(
    { meaning: 'Le type de contenu envoyé n’est pas accepté ici.', advice: 'Envoyez le type que la documentation indique (souvent application/json).' },
    { meaning: 'The content type sent is not accepted here.', advice: 'Send the type the documentation gives (often application/json).' },
  ),
  unprocessable: entry(
    { meaning: 'Une règle métier refuse cette action.', advice: 'Lisez le détail du refus, corrigez ce qu’il signale, puis recommencez.' },
    { meaning: 'A business rule refuses this action.', advice: 'Read the detail of the refusal, fix what it names, then try again.' },
  ),
  'precondition-required': entry(
    { meaning: 'Cette action exige un en-tête If-Match.', advice: 'Envoyez dans If-Match la version (ETag) lue en dernier.' },
    { meaning: 'This action needs an If-Match header.', advice: 'Send in If-Match the version (ETag) you last read.' },
  ),
  'rate-limited': entry(
    { meaning: 'Trop de demandes en peu de temps.', advice: 'Attendez le délai de l’en-tête Retry-After, puis réessayez.' },
    { meaning: 'Too many requests in a short time.', advice: 'Wait for the delay of the Retry-After header, then try again.' },
  ),
  'internal-error': entry(
    { meaning: 'Une erreur inattendue est survenue sur le serveur.', advice: `Réessayez plus tard${NB}; si elle persiste, signalez-la avec son requestId.` },
    { meaning: 'An unexpected error happened on the server.', advice: 'Try again later; if it persists, report it with its requestId.' },
  ),
  unavailable: entry(
    { meaning: 'Le service est momentanément indisponible.', advice: 'Réessayez dans quelques minutes.' },
    { meaning: 'The service is unavailable for the moment.', advice: 'Try again in a few minutes.' },
  ),
  // the precise types of src/common/problem-messages.ts
  'validation-error': entry(
    {
      meaning: 'Des champs de la demande ne sont pas valables.',
      advice: `Corrigez chaque champ que la liste ${'«' + NB}errors${NB}» nomme, puis renvoyez la demande.`,
    },
    { meaning: 'Fields of the request are not valid.', advice: 'Fix every field the `errors` list names, then send the request again.' },
  ),
  duplicate: entry(
    { meaning: 'Un enregistrement identique existe déjà.', advice: 'Retrouvez l’enregistrement existant au lieu d’en créer un second.' },
    { meaning: 'An identical record already exists.', advice: 'Find the existing record instead of creating a second one.' },
  ),
  'wrong-credentials': entry(
    {
      meaning: 'L’adresse e-mail ou le mot de passe est incorrect.',
      advice: `Vérifiez-les${NB}; après plusieurs échecs, la connexion est suspendue un moment.`,
    },
    { meaning: 'The e-mail address or the password is wrong.', advice: 'Check them; after several failures, logging in is suspended for a while.' },
  ),
  'refresh-token-reused': entry(
    { meaning: `Un jeton de renouvellement déjà utilisé a été présenté${NB}: la session a été fermée.`, advice: 'Reconnectez-vous avec votre mot de passe.' },
    { meaning: 'A refresh token already used was presented: the session was ended.', advice: 'Log in again with your password.' },
  ),
  'login-locked': entry(
    { meaning: 'Trop d’essais de connexion ont échoué pour ce compte.', advice: 'Attendez le délai indiqué (retryAfter) avant de réessayer.' },
    { meaning: 'Too many login attempts failed for this account.', advice: 'Wait for the delay given (retryAfter) before trying again.' },
  ),
  'student-link-invalid': entry(
    { meaning: 'Ce lien personnel n’est pas valable ou a expiré.', advice: 'Demandez un nouveau lien au bureau des étudiants internationaux.' },
    { meaning: 'This personal link is not valid or has expired.', advice: 'Ask the international office for a new link.' },
  ),
  'student-session-invalid': entry(
    { meaning: 'Votre session a pris fin.', advice: 'Rouvrez la page avec votre lien personnel.' },
    { meaning: 'Your session has ended.', advice: 'Open the page again with your personal link.' },
  ),
  'student-link-window-ended': entry(
    { meaning: 'Le dossier ne s’ouvre plus par lien personnel.', advice: 'Contactez le bureau des étudiants internationaux.' },
    { meaning: 'The dossier no longer opens by personal link.', advice: 'Contact the international office.' },
  ),
  'dossier-open': entry(
    { meaning: 'L’étudiant a encore un dossier en cours.', advice: 'Clôturez ce dossier avant d’effacer les données de l’étudiant.' },
    { meaning: 'The student still has an open dossier.', advice: 'Close that dossier before erasing the student’s data.' },
  ),
  'student-erased': entry(
    { meaning: 'Les données de cet étudiant ont été effacées.', advice: 'Aucune action n’est plus possible sur ses données.' },
    { meaning: 'This student’s data has been erased.', advice: 'No action is possible on their data any more.' },
  ),
  'stale-version': entry(
    {
      meaning: 'La ressource a changé depuis votre dernière lecture.',
      advice: 'Rechargez-la (currentVersion donne la version actuelle), puis refaites la modification.',
    },
    { meaning: 'The resource changed since you last read it.', advice: 'Reload it (currentVersion gives the current version), then make the change again.' },
  ),
  'open-dossier-exists': entry(
    {
      meaning: 'L’étudiant a déjà un dossier en cours pour cette démarche.',
      advice: 'Poursuivez le dossier existant (existingDossier) plutôt que d’en ouvrir un autre.',
    },
    {
      meaning: 'The student already has an open dossier for this procedure.',
      advice: 'Carry on with the existing dossier (existingDossier) rather than opening another.',
    },
  ),
  'if-match-required': entry(
    { meaning: 'Cette modification exige l’en-tête If-Match.', advice: 'Envoyez dans If-Match la version (ETag) lue en dernier.' },
    { meaning: 'This change needs the If-Match header.', advice: 'Send in If-Match the version (ETag) you last read.' },
  ),
  'transition-not-allowed': entry(
    {
      meaning: 'Le statut actuel du dossier ne permet pas ce passage.',
      advice: 'Choisissez un des passages permis (allowed) depuis le statut actuel (currentStatus).',
    },
    {
      meaning: 'The dossier’s current status does not allow this move.',
      advice: 'Pick one of the moves allowed (allowed) from the current status (currentStatus).',
    },
  ),
  'blocking-findings': entry(
    { meaning: 'Des contrôles bloquants empêchent ce passage.', advice: 'Réglez chaque point de la liste findings, puis recommencez.' },
    { meaning: 'Blocking checks prevent this move.', advice: 'Settle every point of the findings list, then try again.' },
  ),
  'documents-not-reviewed': entry(
    { meaning: 'Des pièces du dossier n’ont pas encore été examinées.', advice: 'Examinez les pièces de la liste toReview, puis recommencez.' },
    { meaning: 'Documents of the dossier have not been reviewed yet.', advice: 'Review the documents of the toReview list, then try again.' },
  ),
  'nothing-to-request': entry(
    { meaning: 'Il n’y a aucune pièce à réclamer à l’étudiant.', advice: 'Vérifiez le dossier plutôt que de le déclarer incomplet.' },
    { meaning: 'There is no document to ask the student for.', advice: 'Verify the dossier rather than declaring it incomplete.' },
  ),
  'file-type-refused': entry(
    { meaning: 'Ce type de fichier n’est pas accepté pour cette pièce.', advice: 'Envoyez un fichier d’un des types acceptés (PDF, JPEG, PNG…).' },
    { meaning: 'This file type is not accepted for this document.', advice: 'Send a file of one of the accepted types (PDF, JPEG, PNG…).' },
  ),
  'file-too-large': entry(
    { meaning: 'Le fichier dépasse la taille permise.', advice: 'Réduisez-le (maxFileBytes donne la limite) et renvoyez-le.' },
    { meaning: 'The file exceeds the size allowed.', advice: 'Make it smaller (maxFileBytes gives the limit) and send it again.' },
  ),
  'too-many-files': entry(
    { meaning: 'Cette pièce a trop de fichiers.', advice: 'Regroupez les pages en un seul fichier (maxFilesPerDocument donne la limite).' },
    { meaning: 'This document has too many files.', advice: 'Group the pages into one file (maxFilesPerDocument gives the limit).' },
  ),
  'notification-not-failed': entry(
    { meaning: 'Seul un e-mail en échec peut être renvoyé.', advice: 'Attendez la fin des essais en cours (currentStatus donne l’état actuel).' },
    { meaning: 'Only a failed e-mail can be sent again.', advice: 'Wait for the tries under way to end (currentStatus gives the current state).' },
  ),
  'template-render-failed': entry(
    { meaning: 'Le modèle d’e-mail ne peut pas être mis en forme.', advice: 'Corrigez le modèle (variables, balises) selon le détail du refus.' },
    { meaning: 'The e-mail template cannot be rendered.', advice: 'Fix the template (variables, tags) as the detail of the refusal says.' },
  ),
  'already-recorded': entry(
    { meaning: 'Cet événement est déjà enregistré sur le dossier.', advice: 'Consultez l’historique du dossier au lieu de l’enregistrer à nouveau.' },
    { meaning: 'This event is already recorded on the dossier.', advice: 'See the dossier’s history instead of recording it again.' },
  ),
};

/** The entry of `slug`, or undefined for a type the API never answers. */
export function problemType(slug: string): ProblemTypeEntry | undefined {
  return Object.hasOwn(PROBLEM_TYPES, slug) ? PROBLEM_TYPES[slug] : undefined;
}
