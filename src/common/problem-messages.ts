/**
 * Every problem the API answers and every field error it names, as a stable code with the
 * sentence in French and in English. Pure TypeScript (no Nest): the API renders `detail` and
 * each field's `message` in the request's language (Accept-Language), the web app renders the
 * same `code` + `params` in the agent's. French as an office writes it: espace insécable before
 * « : ; ? ! », guillemets « », agreement; English as the API always answered (clients read it).
 */

export type Language = 'fr' | 'en';

/** What a sentence may quote: JSON values only (params travel in the problem+json body). */
type Json = string | number | boolean | null | undefined | readonly Json[] | { readonly [key: string]: Json };
type Params = { readonly [key: string]: Json };
type NoParams = Record<never, never>;

interface Sentences<P> {
  fr: (params: P) => string;
  en: (params: P) => string;
}

export interface ProblemMessage<P = NoParams> extends Sentences<P> {
  status: number;
  /** The problem type's slug (`/problems/<type>`) when more precise than the status's. */
  type?: string;
  /** The problem type's title (English, as RFC 9457 titles are) when more precise than the status's. */
  title?: string;
}

export interface FieldMessage<P = NoParams> extends Sentences<P> {
  /** Other English messages of the same meaning (custom class-validator messages of the DTOs). */
  also?: readonly string[];
}

const problem = <P extends Params = NoParams>(status: number, message: Omit<ProblemMessage<P>, 'status'>): ProblemMessage<P> => ({ status, ...message });
const field = <P extends Params = NoParams>(message: FieldMessage<P>): FieldMessage<P> => message;

// ---------------------------------------------------------------- words the sentences need

const NB = '\u00a0';
const quoted = (text: string) => `«${NB}${text}${NB}»`;

type Status = 'received' | 'incomplete' | 'verified' | 'forwarded' | 'decided' | 'closed';
/** A dossier's status, as an adjective of « dossier ». */
const STATUS_FR: Record<Status, string> = {
  received: 'reçu',
  incomplete: 'incomplet',
  verified: 'vérifié',
  forwarded: 'transmis',
  decided: 'décidé',
  closed: 'clos',
};
/** What the dossier "cannot be" when a move to the status is refused. */
const BECOME_FR: Record<Status, string> = {
  received: `remis au statut ${quoted('reçu')}`,
  incomplete: 'déclaré incomplet',
  verified: 'vérifié',
  forwarded: 'transmis',
  decided: 'décidé',
  closed: 'clos',
};
const statusFr = (status: string) => STATUS_FR[status as Status] ?? status;
const becomeFr = (status: string) => BECOME_FR[status as Status] ?? `passé au statut ${quoted(statusFr(status))}`;

const ROLE_FR: Record<string, string> = { agent: 'agent', supervisor: 'responsable', admin: 'administrateur' };
const CLOSE_REASON_FR: Record<string, string> = {
  deadline_expired: 'délai dépassé',
  withdrawn: 'retrait',
  not_eligible: 'non éligible',
  duplicate: 'doublon',
  other: 'autre motif',
};
const EMAIL_STATUS_FR: Record<string, string> = {
  pending: 'en attente',
  sending: 'en cours d’envoi',
  sent: 'déjà envoyé',
  retrying: 'en attente d’un nouvel essai',
  failed: 'en échec',
};
const CHANNEL_FR: Record<string, string> = { postal: 'reçu par courrier', in_person: 'déposé au guichet', email: 'reçu par e-mail', anef: 'déposé sur l’ANEF' };
const FILE_TYPE_NAMES: Record<string, string> = { pdf: 'PDF', jpg: 'JPEG', png: 'PNG', bmp: 'BMP', tiff: 'TIFF', webp: 'WebP', heic: 'HEIC' };
const fileTypes = (types: readonly string[]) => types.map((t) => FILE_TYPE_NAMES[t] ?? t.toUpperCase()).join(', ');
const STUDENT_FIELD_FR: Record<string, string> = { studentNumber: 'ce numéro d’étudiant', foreignerNumber: 'ce numéro d’étranger' };
const SERVICE_FR: Record<string, string> = { database: 'la base de données', redis: 'Redis' };

const frDateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** `2026-03-01` → « 1er mars 2026 » (anything else as it is). */
export function frenchDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso) || Number.isNaN(Date.parse(iso.slice(0, 10)))) return iso;
  return frDateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)).replace(/^1 /, '1er ');
}
const andList = (items: readonly string[]) => new Intl.ListFormat('fr', { type: 'conjunction' }).format(items);
const orList = (items: readonly string[]) => new Intl.ListFormat('fr', { type: 'disjunction' }).format(items);
/** « 1 point bloquant », « 2 points bloquants » (0 and 1 are singular in French). */
const count = (n: number, one: string, many: string) => `${n}${NB}${n <= 1 ? one : many}`;
const frDuration = (seconds: number) => (seconds < 60 ? `${seconds}${NB}s` : count(Math.ceil(seconds / 60), 'minute', 'minutes'));

// ---------------------------------------------------------------- problems

export const PROBLEM_MESSAGES = {
  // the request itself
  'request.invalid': problem<{ fields: readonly string[] }>(400, {
    type: 'validation-error',
    title: 'Invalid request',
    en: ({ fields }) => `Invalid request: ${fields.join(', ')}.`,
    fr: ({ fields }) => (fields.length <= 1 ? 'Un champ de la demande n’est pas valable.' : `${fields.length} champs de la demande ne sont pas valables.`),
  }),
  'request.json-expected': problem(415, {
    en: () => 'This endpoint takes JSON: send Content-Type: application/json.',
    fr: () => `Cette adresse attend du JSON${NB}: envoyez l’en-tête Content-Type: application/json.`,
  }),
  'request.empty-json-body': problem(400, {
    en: () => 'Content-Type is application/json but the body is empty.',
    fr: () => 'La requête annonce du JSON (Content-Type: application/json) mais son corps est vide.',
  }),
  'request.invalid-json': problem(400, {
    en: () => 'The body is not valid JSON.',
    fr: () => 'Le corps de la requête n’est pas du JSON valable.',
  }),
  'request.body-too-large': problem(413, {
    en: () => 'The request body is larger than the server accepts.',
    fr: () => 'Le corps de la requête dépasse la taille que le serveur accepte.',
  }),
  'request.route-not-found': problem<{ method: string; path: string }>(404, {
    en: ({ method, path }) => `Cannot ${method} ${path}`,
    fr: ({ method, path }) => `Aucune route ne répond à ${method} ${path}.`,
  }),
  'request.refused': problem<{ status: number; reason: string }>(400, {
    en: ({ reason }) => reason,
    fr: ({ status }) => `La requête a été refusée (erreur ${status}).`,
  }),
  'request.malformed-url': problem(400, {
    en: () => 'The request URL is malformed.',
    fr: () => 'L’adresse de la requête est mal formée.',
  }),
  'request.malformed-query': problem(400, {
    en: () => 'The request URL is malformed: its query string is not valid percent-encoded UTF-8.',
    fr: () => `L’adresse de la requête est mal formée${NB}: ses paramètres ne sont pas de l’UTF-8 encodé en pourcentage.`,
  }),
  'request.malformed-http': problem(400, {
    en: () => 'The HTTP request is malformed (URLs must be percent-encoded).',
    fr: () => 'La requête HTTP est mal formée (les adresses doivent être encodées en pourcentage).',
  }),
  'request.rate-limited': problem<{ after: string; seconds: number }>(429, {
    en: ({ after }) => `Too many requests: try again in ${after}.`,
    fr: ({ seconds }) => `Trop de requêtes${NB}: réessayez dans ${frDuration(seconds)}.`,
  }),
  // the server
  'server.internal-error': problem(500, {
    en: () => 'An unexpected error occurred; it has been logged with this request id.',
    fr: () => `Une erreur inattendue s’est produite${NB}; elle a été consignée avec l’identifiant de cette requête.`,
  }),
  'server.database-unavailable': problem(503, {
    en: () => 'The database cannot be reached just now; try again in a moment.',
    fr: () => `La base de données ne répond pas pour le moment${NB}; réessayez dans un instant.`,
  }),
  'server.storage-unavailable': problem(503, {
    en: () => 'The document store cannot be reached just now; nothing was recorded. Try again in a moment.',
    fr: () => `Le stockage des documents ne répond pas pour le moment${NB}; rien n’a été enregistré. Réessayez dans un instant.`,
  }),
  'server.not-ready': problem<{ down: readonly string[] }>(503, {
    en: ({ down }) => `Not ready: ${down.join(', ')} unavailable.`,
    fr: ({ down }) =>
      `Le service n’est pas prêt${NB}: ${andList(down.map((d) => SERVICE_FR[d] ?? d))} ${down.length > 1 ? 'ne répondent pas' : 'ne répond pas'}.`,
  }),
  'web.not-built': problem<{ file: string }>(404, {
    en: ({ file }) => `The web app is not built (no ${file}): run npm run build.`,
    fr: ({ file }) => `L’application web n’est pas construite (${file} manque)${NB}: lancez npm run build.`,
  }),
  // what the database refused
  'record.duplicate': problem<{ fields: readonly string[] }>(409, {
    type: 'duplicate',
    title: 'Duplicate',
    en: ({ fields }) => `A record with the same ${fields.length ? fields.join(', ') : 'unique value'} already exists.`,
    fr: ({ fields }) => `Un enregistrement de même ${fields.length ? andList(fields) : 'valeur unique'} existe déjà.`,
  }),
  'record.not-found': problem(404, {
    en: () => 'The record does not exist (any more).',
    fr: () => 'L’enregistrement n’existe pas (ou plus).',
  }),
  'record.in-use': problem(409, {
    en: () => 'The change refers to a record that does not exist, or removes one still in use.',
    fr: () => 'La modification désigne un enregistrement qui n’existe pas, ou en supprime un encore utilisé.',
  }),
  // unknown ids
  'dossier.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No dossier with id ${id}.`,
    fr: ({ id }) => `Aucun dossier n’a l’identifiant ${id}.`,
  }),
  'student.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No student with id ${id}.`,
    fr: ({ id }) => `Aucun(e) étudiant(e) n’a l’identifiant ${id}.`,
  }),
  'agent.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No agent with id ${id}.`,
    fr: ({ id }) => `Aucun agent n’a l’identifiant ${id}.`,
  }),
  'institution.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No institution with id ${id}.`,
    fr: ({ id }) => `Aucun établissement n’a l’identifiant ${id}.`,
  }),
  'transmission.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No transmission with id ${id}.`,
    fr: ({ id }) => `Aucune transmission n’a l’identifiant ${id}.`,
  }),
  'document.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No document of this dossier with id ${id}.`,
    fr: ({ id }) => `Aucune pièce de ce dossier n’a l’identifiant ${id}.`,
  }),
  'file.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No file with id ${id}.`,
    fr: ({ id }) => `Aucun fichier n’a l’identifiant ${id}.`,
  }),
  'problem-type.not-found': problem<{ type: string }>(404, {
    en: ({ type }) => `No problem type ${type}.`,
    fr: ({ type }) => `Aucun type de problème ne s’appelle ${quoted(type)}.`,
  }),
  // webhooks (src/webhooks)
  'webhook.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No webhook subscription with id ${id}.`,
    fr: ({ id }) => `Aucun abonnement webhook n’a l’identifiant ${id}.`,
  }),
  'webhook-delivery.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No delivery with id ${id} for this webhook subscription.`,
    fr: ({ id }) => `Aucune livraison de cet abonnement webhook n’a l’identifiant ${id}.`,
  }),
  // logging in, roles and scopes
  'auth.token-missing': problem(401, {
    en: () => 'Authentication required: send `Authorization: Bearer <access token>` (POST /api/auth/login gives one).',
    fr: () => `Connexion requise${NB}: envoyez l’en-tête \`Authorization: Bearer <jeton d’accès>\` (POST /api/auth/login en donne un).`,
  }),
  'auth.token-invalid': problem(401, {
    en: () => 'The access token is invalid or has expired: refresh it (POST /api/auth/refresh) or log in again.',
    fr: () => `Le jeton d’accès n’est pas valable ou a expiré${NB}: renouvelez-le (POST /api/auth/refresh) ou reconnectez-vous.`,
  }),
  'auth.session-ended': problem(401, {
    en: () => 'This login has ended (logged out, revoked, expired, or the account was disabled): log in again.',
    fr: () => `Cette session est terminée (déconnexion, révocation, expiration ou compte désactivé)${NB}: reconnectez-vous.`,
  }),
  'auth.wrong-credentials': problem(401, {
    type: 'wrong-credentials',
    en: () => 'Wrong e-mail or password.',
    fr: () => 'E-mail ou mot de passe incorrect.',
  }),
  'auth.refresh-token-reused': problem(401, {
    type: 'refresh-token-reused',
    en: () => 'This refresh token was already used: the login is revoked. Log in again.',
    fr: () => `Ce jeton de renouvellement a déjà servi${NB}: la session est révoquée. Reconnectez-vous.`,
  }),
  'auth.refresh-token-unknown': problem(401, {
    en: () => 'This refresh token is unknown or its login has ended: log in again.',
    fr: () => `Ce jeton de renouvellement est inconnu ou sa session est terminée${NB}: reconnectez-vous.`,
  }),
  'auth.login-locked': problem<{ seconds: number }>(429, {
    type: 'login-locked',
    en: ({ seconds }) => `Too many failed logins: try again in ${seconds} s.`,
    fr: ({ seconds }) => `Trop de connexions échouées${NB}: réessayez dans ${frDuration(seconds)}.`,
  }),
  'auth.login-unavailable': problem(503, {
    en: () => 'Logins are unavailable for a moment (the login counter cannot be reached); try again shortly.',
    fr: () => `La connexion est momentanément impossible (le compteur des connexions ne répond pas)${NB}; réessayez dans un instant.`,
  }),
  'auth.forbidden-role': problem<{ required: string; role: string }>(403, {
    en: ({ required, role }) =>
      `Only ${required}s${required === 'admin' ? '' : ' and above'} may do this; you are ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}.`,
    fr: ({ required, role }) =>
      `${required === 'admin' ? 'Réservé aux administrateurs' : 'Réservé aux responsables et aux administrateurs'}${NB}; vous êtes ${ROLE_FR[role] ?? role}.`,
  }),
  'auth.office-wide-only': problem(403, {
    en: () => 'This is office-wide work: your account covers only some institutions.',
    fr: () => `Cette action porte sur tout le bureau${NB}: votre compte ne couvre que certains établissements.`,
  }),
  'auth.institution-not-covered': problem(403, {
    en: () => 'Your account covers only some institutions, not this one.',
    fr: () => 'Votre compte ne couvre que certains établissements, pas celui-ci.',
  }),
  'auth.dashboard-login-required': problem(401, {
    en: () => 'The queue dashboard is for admins: log in (POST /api/auth/login) and send the access token.',
    fr: () => `Le tableau des files d’attente est réservé aux administrateurs${NB}: connectez-vous (POST /api/auth/login) et envoyez le jeton d’accès.`,
  }),
  'auth.dashboard-admins-only': problem(403, {
    en: () => 'The queue dashboard is for admins of the whole office.',
    fr: () => 'Le tableau des files d’attente est réservé aux administrateurs de tout le bureau.',
  }),
  // API keys (src/api-keys): `Authorization: Bearer psk_…`
  'auth.api-key-unknown': problem(401, {
    en: () => 'This API key is unknown: check it, or ask an admin for a new one.',
    fr: () => `Cette clé d’API est inconnue${NB}: vérifiez-la, ou demandez-en une nouvelle à un administrateur.`,
  }),
  'auth.api-key-revoked': problem(401, {
    en: () => 'This API key was revoked: ask an admin for a new one.',
    fr: () => `Cette clé d’API a été révoquée${NB}: demandez-en une nouvelle à un administrateur.`,
  }),
  'auth.api-key-expired': problem(401, {
    en: () => 'This API key has expired: ask an admin for a new one.',
    fr: () => `Cette clé d’API a expiré${NB}: demandez-en une nouvelle à un administrateur.`,
  }),
  'auth.api-key-not-a-login': problem(403, {
    en: () => 'An API key is not a login: it has no password and nothing to log out of (an admin revokes it).',
    fr: () => `Une clé d’API n’est pas une session${NB}: elle n’a ni mot de passe ni déconnexion (un administrateur la révoque).`,
  }),
  'auth.login-only': problem(403, {
    en: () => 'Only a person logged in may do this, not an API key: log in with your administrator account.',
    fr: () => `Seule une personne connectée peut le faire, pas une clé d’API${NB}: connectez-vous avec votre compte d’administrateur.`,
  }),
  'api-key.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `No API key with id ${id}.`,
    fr: ({ id }) => `Aucune clé d’API n’a l’identifiant ${id}.`,
  }),
  // the students' personal links and sessions (the same answer whatever was wrong: nothing to learn from it)
  'student.link-invalid': problem(401, {
    type: 'student-link-invalid',
    en: () => 'This link is no longer valid: ask the office to send you a new one.',
    fr: () => `Ce lien n’est plus valable${NB}: demandez au bureau de vous en envoyer un nouveau.`,
  }),
  'student.session-invalid': problem(401, {
    type: 'student-session-invalid',
    en: () => 'Your session has ended or is not valid: open the personal link of a new e-mail from the office, or ask the office for one.',
    fr: () => `Votre session est terminée ou n’est pas valable${NB}: ouvrez le lien personnel d’un nouvel e-mail du bureau, ou demandez-en un au bureau.`,
  }),
  'student.link-throttled': problem<{ seconds: number }>(429, {
    type: 'rate-limited',
    en: ({ seconds }) => `Too many links could not be opened from here: try again in ${seconds} s.`,
    fr: ({ seconds }) => `Trop de liens n’ont pas pu être ouverts depuis cette adresse${NB}: réessayez dans ${frDuration(seconds)}.`,
  }),
  'student.link-window-ended': problem(409, {
    type: 'student-link-window-ended',
    en: () => "The dossier ended too long ago: a new personal link would no longer open the student's page.",
    fr: () => `Le dossier est terminé depuis trop longtemps${NB}: un nouveau lien personnel n’ouvrirait plus la page de l’étudiant(e).`,
  }),
  // agents, institutions, students, the office
  'agent.email-taken': problem<{ email: string }>(409, {
    type: 'duplicate',
    title: 'Duplicate',
    en: ({ email }) => `An agent with the e-mail ${email} already exists.`,
    fr: ({ email }) => `Un agent a déjà l’adresse e-mail ${email}.`,
  }),
  'agent.own-account': problem(409, {
    en: () => 'You cannot disable your own account or lower your own role: another admin must.',
    fr: () => `Vous ne pouvez ni désactiver votre propre compte ni abaisser votre propre rôle${NB}: un autre administrateur doit le faire.`,
  }),
  'institution.code-taken': problem<{ code: string }>(409, {
    type: 'duplicate',
    title: 'Duplicate',
    en: ({ code }) => `An institution with code ${code} already exists.`,
    fr: ({ code }) => `Un établissement a déjà le code ${code}.`,
  }),
  'student.duplicate': problem<{ fields: readonly string[] }>(409, {
    type: 'duplicate',
    title: 'Duplicate',
    en: ({ fields }) => `Duplicate student: ${fields.join(', ')}.`,
    fr: ({ fields }) => `Un(e) autre étudiant(e) a déjà ${andList(fields.map((f) => STUDENT_FIELD_FR[f] ?? f))}.`,
  }),
  'student.dossier-still-open': problem<{ reference: string }>(409, {
    type: 'dossier-open',
    en: ({ reference }) => `Dossier ${reference} is still open: close it (or let it be decided) before erasing the student's data.`,
    fr: ({ reference }) =>
      `Le dossier ${reference} est encore ouvert${NB}: clôturez-le (ou attendez sa décision) avant d’effacer les données de l’étudiant(e).`,
  }),
  'note.student-erased': problem(409, {
    type: 'student-erased',
    en: () => "The student's personal data was erased: no note can be added to their dossiers.",
    fr: () => `Les données personnelles de l’étudiant(e) ont été effacées${NB}: aucune note ne peut plus être ajoutée à ses dossiers.`,
  }),
  'office.stale': problem<{ currentVersion: number }>(412, {
    type: 'stale-version',
    en: ({ currentVersion }) => `The office profile has changed since (it is at version ${currentVersion}): reload it and try again.`,
    fr: ({ currentVersion }) => `Le profil du bureau a été modifié entre-temps (il en est à la version ${currentVersion})${NB}: rechargez-le et recommencez.`,
  }),
  // dossiers
  'dossier.open-exists': problem<{ reference: string; dossierId: string }>(409, {
    type: 'open-dossier-exists',
    title: 'Dossier already open',
    en: ({ reference }) => `The student already has dossier ${reference} open for this procedure.`,
    fr: ({ reference }) => `L’étudiant(e) a déjà le dossier ${reference} ouvert pour cette démarche.`,
  }),
  'dossier.stale': problem<{ currentVersion: number }>(412, {
    type: 'stale-version',
    en: ({ currentVersion }) => `The dossier has changed since (it is at version ${currentVersion}): reload it and try again.`,
    fr: ({ currentVersion }) => `Le dossier a été modifié entre-temps (il en est à la version ${currentVersion})${NB}: rechargez-le et recommencez.`,
  }),
  'dossier.if-match-required': problem(428, {
    type: 'if-match-required',
    en: () => 'Send the version you last saw in If-Match (the ETag of GET /api/dossiers/:id).',
    fr: () => 'Envoyez dans If-Match la dernière version que vous avez vue (l’ETag de GET /api/dossiers/:id).',
  }),
  'dossier.reassign-forbidden': problem(403, {
    en: () => 'Agents take unassigned dossiers or hand back their own; reassigning is for supervisors.',
    fr: () => `Un agent prend un dossier non attribué ou rend le sien${NB}; réattribuer un dossier est réservé aux responsables.`,
  }),
  // the workflow
  'workflow.transition-not-allowed': problem<{ from: string; to: string; allowed: readonly string[] }>(409, {
    type: 'transition-not-allowed',
    en: ({ from, to, allowed }) => `A ${from} dossier cannot move to ${to}${allowed.length ? `; it can move to ${allowed.join(', ')}` : ''}.`,
    fr: ({ from, to, allowed }) =>
      `Un dossier ${statusFr(from)} ne peut pas passer au statut ${quoted(statusFr(to))}${
        allowed.length ? `${NB}; il peut passer à ${orList(allowed.map((s) => quoted(statusFr(s))))}` : ''
      }.`,
  }),
  'workflow.status-changed': problem<{ current: string; from: string }>(409, {
    type: 'transition-not-allowed',
    en: ({ current, from }) => `The dossier is now ${current}: the move from ${from} no longer applies.`,
    fr: ({ current, from }) =>
      `Le dossier est désormais ${statusFr(current)}${NB}: le changement depuis le statut ${quoted(statusFr(from))} ne s’applique plus.`,
  }),
  'workflow.open-dossier-exists': problem<{ reference: string; dossierId: string }>(409, {
    type: 'open-dossier-exists',
    en: ({ reference }) => `The student has dossier ${reference} open for this procedure: this one cannot be open too.`,
    fr: ({ reference }) => `L’étudiant(e) a déjà le dossier ${reference} ouvert pour cette démarche${NB}: celui-ci ne peut pas l’être aussi.`,
  }),
  'workflow.complement-already-open': problem(409, {
    type: 'transition-not-allowed',
    en: () => 'A complement request is already open for this dossier.',
    fr: () => 'Une demande de complément est déjà en cours pour ce dossier.',
  }),
  'workflow.role-not-allowed': problem<{ to: string; closeReason?: string | null }>(403, {
    en: ({ to, closeReason }) => `Moving a dossier to ${to}${closeReason ? ` (${closeReason})` : ''} is not for your role.`,
    fr: ({ to, closeReason }) =>
      `Votre rôle ne permet pas de passer un dossier au statut ${quoted(statusFr(to))}${closeReason ? ` (${CLOSE_REASON_FR[closeReason] ?? closeReason})` : ''}.`,
  }),
  'workflow.blocking-findings': problem<{ to: string; count: number }>(422, {
    type: 'blocking-findings',
    en: ({ to, count }) => `The dossier cannot be ${to}: ${count} blocking finding(s).`,
    fr: (p) => `Le dossier ne peut pas être ${becomeFr(p.to)}${NB}: ${count(p.count, 'point bloquant', 'points bloquants')}.`,
  }),
  'workflow.documents-not-reviewed': problem<{ to: string; names: readonly { fr: string; en: string }[] }>(422, {
    type: 'documents-not-reviewed',
    en: ({ to, names }) => `The dossier cannot be ${to}: ${names.length} document(s) still to review (${names.map((n) => n.en).join(', ')}).`,
    fr: ({ to, names }) =>
      `Le dossier ne peut pas être ${becomeFr(to)}${NB}: ${names.length <= 1 ? 'une pièce reste' : `${names.length}${NB}pièces restent`} à valider (${andList(names.map((n) => n.fr))}).`,
  }),
  'workflow.nothing-to-request': problem(422, {
    type: 'nothing-to-request',
    en: () => 'Nothing the student can send is missing or wrong: there is nothing to ask for (facts and dates to record are the agent’s).',
    fr: () =>
      `Rien de ce que l’étudiant(e) peut envoyer ne manque ni n’est à corriger${NB}: il n’y a rien à demander (les informations et les dates à saisir relèvent de l’agent).`,
  }),
  // documents and scans
  'documents.file-type-refused': problem<{ name: string | null; detected: string | null; accepted: readonly string[] }>(415, {
    type: 'file-type-refused',
    en: ({ name, detected, accepted }) =>
      `${name ?? 'The file'} is ${detected ? `a ${detected.toUpperCase()} file` : 'not a file type this office reads'}; accepted: ${accepted.join(', ')}.`,
    fr: ({ name, detected, accepted }) =>
      `${name ?? 'Le fichier'} ${detected ? `est un fichier ${detected.toUpperCase()}` : 'n’est pas d’un type que le bureau sait lire'}${NB}; acceptés${NB}: ${fileTypes(accepted)}.`,
  }),
  'documents.file-too-large': problem<{ name: string | null; maxMb: number }>(413, {
    type: 'file-too-large',
    en: ({ name, maxMb }) => `${name || 'The file'} is larger than the ${maxMb} MB accepted per file.`,
    fr: ({ name, maxMb }) => `${name || 'Le fichier'} dépasse ${maxMb}${NB}Mo, la taille acceptée par fichier.`,
  }),
  'documents.too-many-files': problem<{ max: number; channel?: string; total?: number }>(422, {
    type: 'too-many-files',
    en: ({ max, channel, total }) => `At most ${max} files per document on this channel${channel && total ? ` (${channel}); this would make ${total}` : ''}.`,
    fr: ({ max, channel, total }) =>
      `Au plus ${count(max, 'fichier', 'fichiers')} par pièce pour un dossier ${channel ? (CHANNEL_FR[channel] ?? channel) : 'de ce canal'}${
        channel && total ? `${NB}; cet envoi en ferait ${total}` : ''
      }.`,
  }),
  'documents.too-many-parts': problem(413, {
    en: () => 'At most 50 parts and 20 fields per upload.',
    fr: () => 'Au plus 50 parties et 20 champs par envoi.',
  }),
  'documents.multipart-malformed': problem<{ reason: string }>(400, {
    en: ({ reason }) => `The multipart body is malformed (${reason}).`,
    fr: () => 'Le contenu multipart de la requête est mal formé.',
  }),
  'documents.scan-missing': problem<{ id: string }>(404, {
    en: ({ id }) => `The scan ${id} is no longer stored.`,
    fr: ({ id }) => `Le scan ${id} n’est plus conservé.`,
  }),
  // the thread between the student and the office
  'message.not-found': problem(404, {
    en: () => 'No such message or file in this dossier’s thread.',
    fr: () => 'Ce message ou ce fichier n’existe pas dans les échanges de ce dossier.',
  }),
  'message.attachment-missing': problem(404, {
    en: () => 'This file of the thread is no longer stored.',
    fr: () => 'Ce fichier des échanges n’est plus conservé.',
  }),
  'message.student-erased': problem(409, {
    type: 'student-erased',
    en: () => "The student's personal data was erased: no message can be added to their dossiers.",
    fr: () => `Les données personnelles de l’étudiant(e) ont été effacées${NB}: aucun message ne peut plus être ajouté à ses dossiers.`,
  }),
  // the student's page (/api/student/dossier)
  'student.item-not-found': problem<{ slot: string }>(404, {
    en: () => 'The office is not asking for this document: only the documents of its open request can be sent here.',
    fr: () => `Le bureau ne demande pas cette pièce${NB}: seules les pièces de sa demande en cours peuvent être envoyées ici.`,
  }),
  'student.not-in-dossier': problem(404, {
    en: () => 'There is no such file in your dossier.',
    fr: () => 'Ce fichier n’existe pas dans votre dossier.',
  }),
  'request.multipart-expected': problem(415, {
    en: () => 'Send the files as multipart/form-data.',
    fr: () => 'Envoyez les fichiers en multipart/form-data.',
  }),
  // e-mails
  'notification.not-found': problem<{ id: string }>(404, {
    en: ({ id }) => `The dossier has no e-mail ${id}.`,
    fr: ({ id }) => `Ce dossier n’a pas d’e-mail ${id}.`,
  }),
  'notification.not-failed': problem<{ status: string }>(409, {
    type: 'notification-not-failed',
    en: ({ status }) => `Only a failed e-mail can be sent again; this one is ${status}.`,
    fr: ({ status }) => `Seul un e-mail en échec peut être renvoyé${NB}; celui-ci est ${EMAIL_STATUS_FR[status] ?? status}.`,
  }),
  'email-template.not-found': problem<{ name: string }>(404, {
    en: ({ name }) => `No e-mail template ${name}.`,
    fr: ({ name }) => `Aucun modèle d’e-mail ${name}.`,
  }),
  'email-template.no-office-wording': problem<{ name: string }>(404, {
    en: ({ name }) => `The office has no wording of its own for ${name}.`,
    fr: ({ name }) => `Le bureau n’a pas de texte propre pour ${name}.`,
  }),
  'email-template.unusable': problem<{ count: number; summary: string }>(400, {
    type: 'validation-error',
    title: 'Invalid request',
    en: ({ summary }) => `The wording cannot be used: ${summary}`,
    fr: (p) => `Ce texte ne peut pas être utilisé${NB}: ${count(p.count, 'problème', 'problèmes')} (voir chaque champ).`,
  }),
  'email-template.render-failed': problem<{ reason: string }>(422, {
    type: 'template-render-failed',
    en: ({ reason }) => `The wording cannot be rendered for this dossier: ${reason}`,
    fr: () => 'Le texte ne peut pas être produit pour ce dossier (voir le champ en cause).',
  }),
  // the catalog
  'procedure.not-found': problem<{ code: string }>(404, {
    en: ({ code }) => `No procedure with code ${code}.`,
    fr: ({ code }) => `Aucune démarche n’a le code ${code}.`,
  }),
  'procedure.version-not-found': problem<{ code: string; version: number }>(404, {
    en: ({ code, version }) => `Procedure ${code} has no version ${version}.`,
    fr: ({ code, version }) => `La démarche ${code} n’a pas de version ${version}.`,
  }),
  'procedure.definition-invalid': problem<{ count: number }>(400, {
    type: 'validation-error',
    title: 'Invalid request',
    en: ({ count }) => `The definition cannot be published: ${count} problem(s).`,
    fr: (p) => `La définition ne peut pas être publiée${NB}: ${count(p.count, 'problème', 'problèmes')}.`,
  }),
  'procedure.version-too-early': problem<{ version: number; effectiveFrom: string }>(422, {
    en: ({ version, effectiveFrom }) => `Version ${version} takes effect on ${effectiveFrom}: a new version cannot take effect before it.`,
    fr: ({ version, effectiveFrom }) =>
      `La version ${version} prend effet le ${frenchDate(effectiveFrom)}${NB}: une nouvelle version ne peut pas prendre effet avant elle.`,
  }),
  // transmissions to the prefecture
  'transmission.not-verified': problem<{ dossiers: readonly { reference: string; status: string }[] }>(409, {
    type: 'transition-not-allowed',
    en: ({ dossiers }) => `Only verified dossiers can be forwarded: ${dossiers.map((d) => `${d.reference} is ${d.status}`).join(', ')}.`,
    fr: ({ dossiers }) =>
      `Seuls les dossiers vérifiés peuvent être transmis${NB}: ${andList(dossiers.map((d) => `${d.reference} est ${statusFr(d.status)}`))}.`,
  }),
  'transmission.blocking-findings': problem<{ references: readonly string[] }>(422, {
    type: 'blocking-findings',
    en: ({ references }) => `Some dossiers cannot leave: ${references.join(', ')} have blocking findings.`,
    fr: ({ references }) =>
      references.length <= 1
        ? `Le dossier ${references[0] ?? ''} ne peut pas partir${NB}: il a des points bloquants.`
        : `Des dossiers ne peuvent pas partir${NB}: ${andList(references)} ont des points bloquants.`,
  }),
  'transmission.slip-link-unknown': problem(404, {
    en: () => 'This slip link is unknown, was used already or has expired: open the slip again from the transmission.',
    fr: () => `Ce lien vers le bordereau est inconnu, a déjà servi ou a expiré${NB}: rouvrez le bordereau depuis la transmission.`,
  }),
  // the prefecture's answers
  'prefecture.summons-not-allowed': problem<{ status: string }>(409, {
    type: 'transition-not-allowed',
    en: ({ status }) => `Only a forwarded dossier (or a granted one, to collect the card) can have a summons; this one is ${status}.`,
    fr: ({ status }) => `Seul un dossier transmis (ou accordé, pour retirer la carte) peut recevoir une convocation${NB}; celui-ci est ${statusFr(status)}.`,
  }),
  'prefecture.card-not-granted': problem(409, {
    type: 'transition-not-allowed',
    en: () => 'A card exists only once the prefecture has decided favourably.',
    fr: () => 'Une carte n’existe qu’une fois la décision favorable de la préfecture rendue.',
  }),
  'prefecture.card-already-recorded': problem<{ event: string; on: string }>(409, {
    type: 'already-recorded',
    en: ({ event, on }) => `The card was already ${event === 'ready' ? 'ready' : 'handed over'} on ${on}.`,
    fr: ({ event, on }) => (event === 'ready' ? `La carte était déjà prête le ${frenchDate(on)}.` : `La carte a déjà été remise le ${frenchDate(on)}.`),
  }),
  'prefecture.card-not-ready': problem(409, {
    type: 'transition-not-allowed',
    en: () => 'Record that the card is ready before it is handed over.',
    fr: () => 'Enregistrez d’abord que la carte est prête, puis sa remise.',
  }),
};

// ---------------------------------------------------------------- field errors

const DEFINITION_WHAT_FR: Record<string, string> = {
  source: 'la source',
  slot: 'la pièce demandée',
  fact: 'le fait',
  rule: 'la règle',
  case: 'le cas',
  option: 'l’option',
  parameter: 'le paramètre',
  'document kind': 'le type de pièce',
};
const FEMININE = new Set(['source', 'slot', 'rule', 'option']);
const DEFINITION_LIST: Record<string, string> = { source: 'sources', parameter: 'parameters', fact: 'facts', case: 'cases', 'document kind': 'documentKinds' };
const PARAMETER_KIND: Record<string, { en: string; fr: string }> = {
  number: { en: 'a number', fr: 'un nombre' },
  duration: { en: 'a duration ({ days } or { months })', fr: 'une durée ({ days } ou { months })' },
  'days-list': { en: 'a list of days', fr: 'une liste de jours' },
};

/**
 * Field errors: the class-validator constraints by their own names (`isEmail`, `maxLength`...),
 * the validators of src/common/validators.ts, the formats the DTOs name in their messages, and
 * what the services check themselves. Sentences are predicates of the field (« est obligatoire »).
 */
export const FIELD_MESSAGES = {
  // shapes the validation pipe refuses
  invalid: field<{ reason: string }>({ en: ({ reason }) => reason, fr: () => 'n’est pas valable' }),
  unknownField: field({ en: () => 'is not a known field', fr: () => 'n’est pas un champ connu' }),
  required: field({ en: () => 'is required', fr: () => 'est obligatoire' }),
  notNull: field({ en: () => 'must not be null', fr: () => 'ne peut pas être laissé vide (null)' }),
  jsonObject: field({ en: () => 'must be a JSON object', fr: () => 'doit être un objet JSON' }),
  nulCharacter: field({ en: () => 'must not contain the NUL character', fr: () => 'ne doit pas contenir le caractère NUL' }),
  loneSurrogate: field({
    en: () => 'must be valid Unicode text (it holds half of a surrogate pair)',
    fr: () => 'doit être un texte Unicode valable (il contient une moitié de paire de substitution)',
  }),
  tooDeep: field<{ max: number }>({
    en: ({ max }) => `is nested too deeply (at most ${max} levels)`,
    fr: ({ max }) => `est trop imbriqué (au plus ${max}${NB}niveaux)`,
  }),
  nestedValidation: field({ en: () => 'must be an object or a list', fr: () => 'doit être un objet ou une liste' }),
  // class-validator's constraints
  isString: field({ en: () => 'must be a string', fr: () => 'doit être un texte' }),
  isInt: field({ en: () => 'must be an integer number', fr: () => 'doit être un nombre entier' }),
  isNumber: field({ en: () => 'must be a number', fr: () => 'doit être un nombre' }),
  isBoolean: field({ en: () => 'must be true or false', fr: () => 'doit valoir vrai ou faux' }),
  isObject: field({ en: () => 'must be an object', fr: () => 'doit être un objet' }),
  isArray: field({ en: () => 'must be an array', fr: () => 'doit être une liste' }),
  isEmail: field({ en: () => 'must be an email', fr: () => 'doit être une adresse e-mail valable' }),
  isUrl: field({ en: () => 'must be a URL address', fr: () => 'doit être une adresse web' }),
  isUuid: field({ en: () => 'must be a UUID', fr: () => 'doit être un identifiant (UUID)' }),
  isTimeZone: field({ en: () => 'must be a valid IANA time-zone', fr: () => 'doit être un fuseau horaire IANA (Europe/Paris…)' }),
  isISO31661Alpha2: field({ en: () => 'must be a country code (ISO 3166-1 alpha-2)', fr: () => 'doit être un code de pays à deux lettres (ISO 3166-1)' }),
  isIn: field<{ values: readonly (string | number | boolean)[]; each?: boolean }>({
    en: ({ values, each }) => `${each ? 'each value ' : ''}must be one of ${values.join(', ')}`,
    fr: ({ values, each }) => `${each ? 'chaque valeur ' : ''}doit être l’une des valeurs suivantes${NB}: ${values.join(', ')}`,
  }),
  matches: field({ en: () => 'does not have the expected form', fr: () => 'n’a pas la forme attendue' }),
  maxLength: field<{ max: number }>({
    en: ({ max }) => `must be at most ${max} characters long`,
    fr: ({ max }) => `doit compter au plus ${count(max, 'caractère', 'caractères')}`,
  }),
  minLength: field<{ min: number }>({
    en: ({ min }) => `must be at least ${min} characters long`,
    fr: ({ min }) => `doit compter au moins ${count(min, 'caractère', 'caractères')}`,
  }),
  isLength: field<{ min: number; max: number }>({
    en: ({ min, max }) => `must be ${min} to ${max} characters long`,
    fr: ({ min, max }) => `doit compter de ${min} à ${max}${NB}caractères`,
  }),
  min: field<{ min: number }>({ en: ({ min }) => `must not be less than ${min}`, fr: ({ min }) => `doit valoir au moins ${min}` }),
  max: field<{ max: number }>({ en: ({ max }) => `must not be greater than ${max}`, fr: ({ max }) => `doit valoir au plus ${max}` }),
  arrayMinSize: field<{ min: number }>({
    en: ({ min }) => `must contain at least ${min} elements`,
    fr: ({ min }) => `doit contenir au moins ${count(min, 'élément', 'éléments')}`,
  }),
  arrayMaxSize: field<{ max: number }>({
    en: ({ max }) => `must contain no more than ${max} elements`,
    fr: ({ max }) => `doit contenir au plus ${count(max, 'élément', 'éléments')}`,
  }),
  arrayUnique: field({ en: () => 'must not hold the same value twice', fr: () => 'ne doit pas contenir deux fois la même valeur' }),
  // src/common/validators.ts
  isCalendarDate: field({
    en: () => 'must be a real date written YYYY-MM-DD, between 1900 and 2200',
    fr: () => 'doit être une date réelle écrite AAAA-MM-JJ, entre 1900 et 2200',
  }),
  isNotBefore: field<{ other: string }>({ en: ({ other }) => `must not be before ${other}`, fr: ({ other }) => `ne doit pas précéder ${other}` }),
  isAcademicYear: field({
    en: () => 'must be two consecutive years written YYYY-YYYY (2026-2027)',
    fr: () => 'doit être deux années consécutives écrites AAAA-AAAA (2026-2027)',
  }),
  // the formats the DTOs spell out
  postalCode: field({ en: () => 'must be a French postal code (5 digits)', fr: () => 'doit être un code postal français (5 chiffres)' }),
  permitNumber: field({ en: () => 'must be 4-20 capital letters or digits', fr: () => 'doit compter de 4 à 20 majuscules ou chiffres' }),
  studentNumber: field({ en: () => 'must be 1-32 letters, digits or "-"', fr: () => `doit compter de 1 à 32 lettres, chiffres ou tirets${NB}(-)` }),
  foreignerNumber: field({ en: () => 'must be 10 digits', fr: () => 'doit compter 10 chiffres' }),
  mobilePhone: field({
    en: () => 'must be a phone number in international form (+33612345678)',
    fr: () => 'doit être un numéro de téléphone au format international (+33612345678)',
  }),
  officePhone: field({
    en: () => 'must be a phone number (digits, spaces, dots or dashes)',
    fr: () => 'doit être un numéro de téléphone (chiffres, espaces, points ou tirets)',
  }),
  webAddress: field({ en: () => 'must be a web address starting with https://', fr: () => 'doit être une adresse web commençant par https://' }),
  institutionCode: field({ en: () => 'must be 1-32 capital letters, digits or "-"', fr: () => 'doit compter de 1 à 32 majuscules, chiffres ou tirets (-)' }),
  procedureCode: field({
    en: () => 'must be a procedure code (lower-case letters, digits, dashes)',
    fr: () => 'doit être un code de démarche (minuscules, chiffres, tirets)',
    also: ['must be a procedure code'],
  }),
  caseCode: field({ en: () => 'must be a case code', fr: () => 'doit être un code de cas' }),
  documentKindCode: field({ en: () => 'must be a document kind code', fr: () => 'doit être un code de type de pièce' }),
  code: field({ en: () => 'must be a code of lower-case letters, digits and dashes', fr: () => 'doit être un code en minuscules, chiffres et tirets' }),
  agentIdOrNone: field({ en: () => 'must be an agent id (UUID) or none', fr: () => 'doit être l’identifiant d’un agent (UUID) ou none' }),
  dossierIds: field({ en: () => 'each must be a dossier id (UUID)', fr: () => 'chacun doit être un identifiant de dossier (UUID)' }),
  dossierTwice: field({ en: () => 'must not name a dossier twice', fr: () => 'ne doit pas citer deux fois le même dossier' }),
  departement: field({ en: () => 'must be a département code (35, 2A, 974...)', fr: () => 'doit être un numéro de département (35, 2A, 974…)' }),
  dateOrDateTime: field({
    en: () => 'must be a date (YYYY-MM-DD) or a date-time with offset',
    fr: () => 'doit être une date (AAAA-MM-JJ) ou une date et heure avec décalage horaire',
  }),
  dateTimeWithOffset: field({
    en: () => 'must be a date-time with offset (2026-12-15T09:30:00+01:00)',
    fr: () => 'doit être une date et heure avec décalage horaire (2026-12-15T09:30:00+01:00)',
  }),
  auditAction: field({
    en: () => 'must look like student.view, or a prefix such as auth.',
    fr: () => 'doit ressembler à student.view, ou à un préfixe comme auth.',
  }),
  auditResourceType: field({ en: () => 'is not a kind of resource the audit knows', fr: () => 'n’est pas un type de ressource connu du journal d’audit' }),
  ifMatch: field({
    en: () => 'must be the dossier version, as its ETag gives it ("3")',
    fr: () => 'doit être la version du dossier, telle que son ETag la donne ("3")',
  }),
  cursor: field({
    en: () => 'is not a cursor returned by this list (with this sort)',
    fr: () => 'n’est pas un curseur rendu par cette liste (avec ce tri)',
    also: ['is not a cursor returned by this list'],
  }),
  // dates the services check
  notInFuture: field({ en: () => 'must not be in the future', fr: () => 'ne doit pas être dans le futur' }),
  inPast: field({ en: () => 'must be in the past', fr: () => 'doit être dans le passé' }),
  inFuture: field({ en: () => 'must be in the future', fr: () => 'doit être dans le futur' }),
  withinDays: field<{ days: number }>({
    en: ({ days }) => `must be within ${days} days from now`,
    fr: ({ days }) => `doit tomber dans les ${days}${NB}jours qui viennent`,
  }),
  webhookAddress: field({
    en: () => 'must be an https:// address of a public host (http:// and private addresses only for the hosts the configuration allows)',
    fr: () => 'doit être une adresse https:// d’un hôte public (http:// et les adresses privées ne valent que pour les hôtes que la configuration autorise)',
  }),
  notBefore: field<{ date: string }>({ en: ({ date }) => `must not be before ${date}`, fr: ({ date }) => `ne doit pas précéder le ${frenchDate(date)}` }),
  notBeforeFiling: field<{ date: string }>({
    en: ({ date }) => `must not be before the filing date (${date})`,
    fr: ({ date }) => `ne doit pas précéder la date de dépôt (le ${frenchDate(date)})`,
  }),
  notBeforeReceipt: field<{ date: string }>({
    en: ({ date }) => `must not be before the dossier was received (${date})`,
    fr: ({ date }) => `ne doit pas précéder la réception du dossier (le ${frenchDate(date)})`,
  }),
  notBeforeDossiersReceived: field<{ dossiers: readonly { reference: string; receivedAt: string }[] }>({
    en: ({ dossiers }) => `must not be before the dossiers were received (${dossiers.map((d) => `${d.reference}: ${d.receivedAt}`).join(', ')})`,
    fr: ({ dossiers }) =>
      `ne doit pas précéder la réception des dossiers (${dossiers.map((d) => `${d.reference} reçu le ${frenchDate(d.receivedAt)}`).join(', ')})`,
  }),
  notBeforeDecision: field<{ date: string }>({
    en: ({ date }) => `must not be before the decision (${date})`,
    fr: ({ date }) => `ne doit pas précéder la décision (du ${frenchDate(date)})`,
  }),
  notBeforeCardReady: field<{ date: string }>({
    en: ({ date }) => `must not be before the card was ready (${date})`,
    fr: ({ date }) => `ne doit pas précéder la date où la carte était prête (le ${frenchDate(date)})`,
  }),
  notRealInstant: field({ en: () => 'is not a real date or time', fr: () => 'n’est pas une date ou une heure réelle' }),
  notRealDateTime: field({ en: () => 'is not a real date-time', fr: () => 'n’est pas une date et heure réelle' }),
  appointmentRange: field<{ earliest: string; latest: string }>({
    en: ({ earliest, latest }) => `must fall between the filing date (${earliest}) and two years from now (${latest})`,
    fr: ({ earliest, latest }) => `doit tomber entre la date de dépôt (le ${frenchDate(earliest)}) et dans deux ans au plus (le ${frenchDate(latest)})`,
  }),
  // what a reference names
  refersToNoStudent: field({ en: () => 'refers to no student', fr: () => 'ne désigne aucun(e) étudiant(e)' }),
  refersToNoInstitution: field({ en: () => 'refers to no institution', fr: () => 'ne désigne aucun établissement' }),
  refersToNoAgent: field({ en: () => 'refers to no agent', fr: () => 'ne désigne aucun agent' }),
  refersToNoDossier: field({ en: () => 'refers to no dossier', fr: () => 'ne désigne aucun dossier' }),
  agentInactive: field({ en: () => 'refers to an agent who is no longer active', fr: () => 'désigne un agent qui n’est plus actif' }),
  agentNotCovering: field({
    en: () => "refers to an agent who does not cover this dossier's institution",
    fr: () => 'désigne un agent qui ne couvre pas l’établissement de ce dossier',
  }),
  notAProcedure: field({ en: () => 'is not a procedure of the catalog', fr: () => 'n’est pas une démarche du catalogue' }),
  institutionNotCovered: field({ en: () => 'is an institution your account does not cover', fr: () => 'est un établissement que votre compte ne couvre pas' }),
  // uniqueness
  institutionCodeTaken: field({ en: () => 'is already used by another institution', fr: () => 'est déjà utilisé par un autre établissement' }),
  studentNumberTaken: field({
    en: () => 'is already used by another student of this institution',
    fr: () => 'est déjà utilisé par un(e) autre étudiant(e) de cet établissement',
  }),
  foreignerNumberTaken: field({ en: () => 'is already used by another student', fr: () => 'est déjà utilisé par un(e) autre étudiant(e)' }),
  notCurrentPassword: field({ en: () => 'is not your current password', fr: () => 'n’est pas votre mot de passe actuel' }),
  // moves of the workflow
  requiredForMove: field<{ to: string }>({
    en: ({ to }) => `is required to move to ${to}`,
    fr: ({ to }) => `est obligatoire pour passer au statut ${quoted(statusFr(to))}`,
  }),
  requiredForOtherCloseReason: field({
    en: () => 'is required when the close reason is other',
    fr: () => `est obligatoire quand le motif de clôture est ${quoted('autre motif')}`,
  }),
  prefectureRequired: field<{ prefectures: readonly string[] }>({
    en: ({ prefectures }) => `is required: the dossiers are for several prefectures (${prefectures.join(', ')})`,
    fr: ({ prefectures }) => `est obligatoire${NB}: les dossiers relèvent de plusieurs préfectures (${andList(prefectures)})`,
  }),
  // documents
  notADocumentOfDossier: field({ en: () => 'is not a document of this dossier', fr: () => 'n’est pas une pièce de ce dossier' }),
  filesExpected: field({
    en: () => 'at least one file is expected in a multipart upload',
    fr: () => 'au moins un fichier est attendu dans un envoi multipart',
  }),
  messageEmpty: field({
    en: () => 'is required unless files are attached',
    fr: () => 'est obligatoire, sauf si des fichiers sont joints',
  }),
  kindNotOfItem: field<{ known: readonly string[] }>({
    en: ({ known }) => `is not a document this item takes (accepted: ${known.join(', ')})`,
    fr: ({ known }) => `n’est pas une pièce attendue pour cet élément (acceptées${NB}: ${known.join(', ')})`,
  }),
  kindRequired: field({
    en: () => 'is required (or documentId, to add files to a recorded document)',
    fr: () => 'est obligatoire (ou documentId, pour ajouter des fichiers à une pièce enregistrée)',
  }),
  kindUnknown: field<{ known: readonly string[] }>({
    en: ({ known }) => `is not a document of this procedure (known: ${known.join(', ')})`,
    fr: ({ known }) => `n’est pas une pièce de cette démarche (connues${NB}: ${known.join(', ')})`,
  }),
  attributesJson: field({
    en: () => 'must be a JSON object (as text in a multipart field)',
    fr: () => 'doit être un objet JSON (écrit en texte dans un champ multipart)',
  }),
  rejectionReasonRequired: field({ en: () => 'is required to reject a document', fr: () => 'est obligatoire pour refuser une pièce' }),
  rejectionTextRequired: field({ en: () => 'is required when the reason is other', fr: () => `est obligatoire quand le motif est ${quoted('autre')}` }),
  rejectionReasonOnlyRejected: field({ en: () => 'only goes with status rejected', fr: () => `ne s’emploie qu’avec le statut ${quoted('refusée')}` }),
  // facts and cases of a dossier, against its procedure
  factUnknown: field<{ known: readonly string[] }>({
    en: ({ known }) => `is not a fact of this procedure (known: ${known.join(', ') || 'none'})`,
    fr: ({ known }) => `n’est pas une information de cette démarche (connues${NB}: ${known.join(', ') || 'aucune'})`,
  }),
  textMax: field<{ max: number }>({
    en: ({ max }) => `must be a text of at most ${max} characters`,
    fr: ({ max }) => `doit être un texte d’au plus ${count(max, 'caractère', 'caractères')}`,
  }),
  isDate: field({ en: () => 'must be a date written YYYY-MM-DD', fr: () => 'doit être une date écrite AAAA-MM-JJ' }),
  noCases: field({ en: () => 'this procedure has no cases', fr: () => 'cette démarche n’a pas de cas' }),
  // e-mail wordings
  templateKey: field({
    en: () => 'must be <template>.<variant>.<fr|en>, e.g. complement_requested.anef.fr',
    fr: () => 'doit s’écrire <modèle>.<variante>.<fr|en>, par exemple complement_requested.anef.fr',
  }),
  templateDefaultOnly: field<{ template: string }>({
    en: ({ template }) => `${template} is about no dossier: it has only the default variant`,
    fr: ({ template }) => `${template} ne concerne aucun dossier${NB}: il n’a que la variante par défaut`,
  }),
  templateVariant: field<{ channels: readonly string[] }>({
    en: ({ channels }) => `the variant must be default, a channel (${channels.join(', ')}) or a procedure of the catalog`,
    fr: ({ channels }) => `la variante doit être default, un canal (${channels.join(', ')}) ou une démarche du catalogue`,
  }),
  templateInvalid: field<{ reason: string }>({
    en: ({ reason }) => reason,
    fr: ({ reason }) => `ne peut pas être produit (${reason})`,
  }),
  // procedure definitions (publishing a version of the catalog)
  definitionShape: field<{ reason: string }>({ en: ({ reason }) => reason, fr: () => 'n’a pas la forme que le schéma attend' }),
  procedureCodeMismatch: field<{ code: string }>({
    en: ({ code }) => `must be ${code}, the procedure published`,
    fr: ({ code }) => `doit être ${code}, la démarche publiée`,
  }),
  declaredTwice: field<{ what: string; code: string }>({
    en: ({ what, code }) => `${what} ${code} is declared twice`,
    fr: ({ what, code }) => `${DEFINITION_WHAT_FR[what] ?? what} ${code} est déclaré${FEMININE.has(what) ? 'e' : ''} deux fois`,
  }),
  unknownReference: field<{ what: string; name: string }>({
    en: ({ what, name }) => `names ${what} ${name}, which is not in ${DEFINITION_LIST[what] ?? what}`,
    fr: ({ what, name }) => `désigne ${DEFINITION_WHAT_FR[what] ?? what} ${name}, absent${FEMININE.has(what) ? 'e' : ''} de ${DEFINITION_LIST[what] ?? what}`,
  }),
  parameterType: field<{ name: string; kind: string }>({
    en: ({ name, kind }) => `needs parameter ${name} to be ${PARAMETER_KIND[kind]?.en ?? kind}`,
    fr: ({ name, kind }) => `exige que le paramètre ${name} soit ${PARAMETER_KIND[kind]?.fr ?? kind}`,
  }),
  factCannotTake: field<{ fact: string; value: string }>({
    en: ({ fact, value }) => `compares fact ${fact} with ${value}, which it cannot take`,
    fr: ({ fact, value }) => `compare le fait ${fact} à ${value}, une valeur qu’il ne peut pas prendre`,
  }),
  factNotNumber: field<{ fact: string }>({
    en: ({ fact }) => `needs fact ${fact} to be of type number`,
    fr: ({ fact }) => `exige que le fait ${fact} soit de type nombre`,
  }),
  onlyChoiceFacts: field({ en: () => 'only a choice fact has choices', fr: () => 'seul un fait à choix a des choix' }),
  onlyNumberFacts: field({ en: () => 'only a number fact has a unit', fr: () => 'seul un fait numérique a une unité' }),
  emptyWindow: field<{ opens: number; closes: number }>({
    en: ({ opens, closes }) => `opens ${opens} days before expiry but closes ${closes} days before: the window is empty`,
    fr: ({ opens, closes }) => `ouvre ${opens}${NB}jours avant l’expiration mais ferme ${closes}${NB}jours avant${NB}: la fenêtre est vide`,
  }),
  overridesUnknown: field<{ name: string }>({
    en: ({ name }) => `overrides parameter ${name}, which is not in parameters`,
    fr: ({ name }) => `remplace le paramètre ${name}, absent de parameters`,
  }),
  overrideType: field<{ name: string }>({
    en: ({ name }) => `must be of the same type as parameter ${name}`,
    fr: ({ name }) => `doit être du même type que le paramètre ${name}`,
  }),
};

// ---------------------------------------------------------------- types and rendering

export type ProblemCode = keyof typeof PROBLEM_MESSAGES;
export type FieldCode = keyof typeof FIELD_MESSAGES;
export type ProblemParams<C extends ProblemCode> = (typeof PROBLEM_MESSAGES)[C] extends ProblemMessage<infer P> ? P : never;
export type FieldParams<C extends FieldCode> = (typeof FIELD_MESSAGES)[C] extends FieldMessage<infer P> ? P : never;

/** `params` may be left out only when the sentence needs none. */
type ParamsProperty<P> = NoParams extends P ? { params?: P } : { params: P };

/** A bad field, as the code finds it: its path, its code and what the sentence needs. */
export type FieldProblem = { [C in FieldCode]: { field: string; code: C } & ParamsProperty<FieldParams<C>> }[FieldCode];

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.hasOwn(PROBLEM_MESSAGES, code);
}

export function isFieldCode(code: unknown): code is FieldCode {
  return typeof code === 'string' && Object.hasOwn(FIELD_MESSAGES, code);
}

/** The problem's sentence in `language`. */
export function problemText<C extends ProblemCode>(code: C, params: ProblemParams<C>, language: Language): string {
  return (PROBLEM_MESSAGES[code] as ProblemMessage<ProblemParams<C>>)[language](params);
}

/** A field error's sentence in `language`. */
export function fieldText(problem: FieldProblem, language: Language): string {
  return (FIELD_MESSAGES[problem.code] as FieldMessage<Params>)[language](problem.params ?? {});
}

/**
 * For a client holding a problem off the wire: its sentence in `language`, or undefined when the
 * code is unknown to this catalog or its params do not fit (the caller then shows `detail`).
 */
export function problemTextOf(code: unknown, params: unknown, language: Language): string | undefined {
  if (!isProblemCode(code)) return undefined;
  return attempt(() => (PROBLEM_MESSAGES[code] as ProblemMessage<Params>)[language]((params ?? {}) as Params));
}

/** The same for a field error off the wire. */
export function fieldTextOf(code: unknown, params: unknown, language: Language): string | undefined {
  if (!isFieldCode(code)) return undefined;
  return attempt(() => (FIELD_MESSAGES[code] as FieldMessage<Params>)[language]((params ?? {}) as Params));
}

function attempt(render: () => string): string | undefined {
  try {
    const text = render();
    return text.includes('undefined') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The field code an English message of a DTO means (its own custom message), if the catalog has it. */
export function fieldCodeOfMessage(message: string): FieldCode | undefined {
  return MESSAGE_INDEX.get(message);
}

const MESSAGE_INDEX = new Map<string, FieldCode>(
  (Object.entries(FIELD_MESSAGES) as [FieldCode, FieldMessage<Params>][]).flatMap(([code, message]) => {
    if (message.en.length > 0) return (message.also ?? []).map((text) => [text, code] as [string, FieldCode]);
    return [message.en({}), ...(message.also ?? [])].map((text) => [text, code] as [string, FieldCode]);
  }),
);

/**
 * The request's language from Accept-Language: French when French ranks first among French and
 * English, English otherwise (and by default: API clients have always read English).
 */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  let best: { language: Language; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag = '', ...options] = part.trim().toLowerCase().split(';');
    const primary = tag.trim().split('-')[0];
    if (primary !== 'fr' && primary !== 'en') continue;
    const qOption = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
    const q = qOption ? Number(qOption.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { language: primary, q };
  }
  return best?.language ?? 'en';
}
