import type { LocalizedText } from '../catalog/catalog.model';

/** What each history event is called in the timeline, in both languages. */
export const TIMELINE_TITLES: Record<string, LocalizedText> = {
  opened: { fr: 'Dossier ouvert', en: 'Dossier opened' },
  details_changed: { fr: 'Informations du dossier modifiées', en: 'Dossier details changed' },
  document_recorded: { fr: 'Pièce reçue', en: 'Document received' },
  files_added: { fr: 'Scans ajoutés', en: 'Scans added' },
  document_accepted: { fr: 'Pièce validée', en: 'Document accepted' },
  document_rejected: { fr: 'Pièce refusée', en: 'Document rejected' },
  document_changed: { fr: 'Pièce corrigée', en: 'Document corrected' },
  verified: { fr: 'Dossier vérifié (complet)', en: 'Dossier verified (complete)' },
  verification_withdrawn: { fr: 'Vérification annulée', en: 'Verification withdrawn' },
  complement_requested: { fr: 'Pièces complémentaires demandées', en: 'Missing documents requested' },
  complement_received: { fr: 'Pièces complémentaires reçues', en: 'Missing documents received' },
  forwarded: { fr: 'Transmis à la préfecture', en: 'Forwarded to the prefecture' },
  summons: { fr: 'Convocation en préfecture', en: 'Summoned by the prefecture' },
  decided: { fr: 'Décision de la préfecture', en: "Prefecture's decision" },
  decision_withdrawn: { fr: 'Décision retirée', en: 'Decision withdrawn' },
  card_ready: { fr: 'Titre disponible en préfecture', en: 'Card ready at the prefecture' },
  card_handed_over: { fr: 'Titre remis', en: 'Card handed over' },
  closed: { fr: 'Dossier clos', en: 'Dossier closed' },
  reopened: { fr: 'Dossier rouvert', en: 'Dossier reopened' },
  assigned: { fr: 'Dossier attribué', en: 'Dossier assigned' },
  unassigned: { fr: 'Dossier libéré', en: 'Dossier unassigned' },
  implicit_rejection: { fr: 'Silence de la préfecture : rejet implicite', en: 'Prefecture silence: implicit rejection' },
  implicit_rejection_past: { fr: 'Rejet implicite déjà acquis à la transmission', en: 'Implicit rejection already reached when forwarded' },
  email_resent: { fr: 'E-mail renvoyé', en: 'E-mail sent again' },
  document_sent_by_student: { fr: "Pièce envoyée par l'étudiant(e)", en: 'Document sent by the student' },
  message_from_student: { fr: "Message de l'étudiant(e)", en: 'Message from the student' },
  message_from_office: { fr: "Message du bureau à l'étudiant(e)", en: 'Message from the office to the student' },
  student_link_sent: { fr: "Lien personnel envoyé à l'étudiant(e)", en: 'Personal link sent to the student' },
  student_link_revoked: { fr: "Lien personnel de l'étudiant(e) révoqué", en: "Student's personal link revoked" },
  student_link_requested: { fr: "Nouveau lien personnel demandé par l'étudiant(e)", en: 'New personal link asked for by the student' },
  note: { fr: 'Note interne', en: 'Internal note' },
};

/** The delivery status, as it agrees with "un e-mail" and with "une relance". */
const EMAIL_STATUS_WORDS: Record<string, LocalizedText & { frFeminine: string }> = {
  pending: { fr: 'en attente', frFeminine: 'en attente', en: 'queued' },
  sending: { fr: "en cours d'envoi", frFeminine: "en cours d'envoi", en: 'being sent' },
  sent: { fr: 'envoyé', frFeminine: 'envoyée', en: 'sent' },
  retrying: { fr: 'nouvel essai prévu', frFeminine: 'nouvel essai prévu', en: 'will be retried' },
  failed: { fr: 'en échec', frFeminine: 'en échec', en: 'failed' },
};

/** "E-mail (envoyé)", "Relance (envoyée)", "Reminder (failed)"... */
export function emailTitle(reminder: boolean, status: string): LocalizedText {
  const word = EMAIL_STATUS_WORDS[status] ?? { fr: status, frFeminine: status, en: status };
  return reminder ? { fr: `Relance (${word.frFeminine})`, en: `Reminder (${word.en})` } : { fr: `E-mail (${word.fr})`, en: `E-mail (${word.en})` };
}

/** What the student did on their page: whoever the history row names, the student acted. */
export const STUDENT_EVENTS: ReadonlySet<string> = new Set(['document_sent_by_student', 'message_from_student', 'student_link_requested']);

export function timelineTitle(event: string): LocalizedText {
  return TIMELINE_TITLES[event] ?? { fr: event, en: event };
}
