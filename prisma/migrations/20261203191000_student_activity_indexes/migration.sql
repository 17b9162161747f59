-- What the student sent that the office has not looked at yet (issue 17): documents sent by
-- the student still to review, and the student's messages no agent has read. The agents'
-- inbox filter and dashboard find them through these indexes, not by reading the tables.

CREATE INDEX "dossier_documents_source_status_dossier_id_idx" ON "dossier_documents"("source", "status", "dossier_id");

CREATE INDEX "dossier_messages_author_read_at_dossier_id_idx" ON "dossier_messages"("author", "read_at", "dossier_id");
