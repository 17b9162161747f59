-- Names without accents, case or punctuation, for search. New rows get it from the
-- application (src/common/search-text.ts); existing rows are filled here.
ALTER TABLE "students" ADD COLUMN "search_name" VARCHAR(400) NOT NULL DEFAULT '';

UPDATE "students" SET "search_name" = trim(regexp_replace(
  translate(lower("birth_name" || ' ' || coalesce("usage_name", '') || ' ' || "first_names"),
            'áàâäãåāçćčéèêëēěíìîïīñńóòôöõøōúùûüūýÿžšđł''’-',
            'aaaaaaaccceeeeeeiiiiinnooooooouuuuuyyzsdl   '),
  '\s+', ' ', 'g'));

-- Keyset pages sort by (received_at, id) in the same direction: index them that way.
DROP INDEX "dossiers_status_received_at_id_idx";
CREATE INDEX "dossiers_status_received_at_id_idx" ON "dossiers"("status", "received_at" DESC, "id" DESC);

DROP INDEX "dossiers_institution_id_received_at_id_idx";
CREATE INDEX "dossiers_institution_id_received_at_id_idx" ON "dossiers"("institution_id", "received_at" DESC, "id" DESC);

DROP INDEX "dossiers_assignee_id_received_at_id_idx";
CREATE INDEX "dossiers_assignee_id_received_at_id_idx" ON "dossiers"("assignee_id", "received_at" DESC, "id" DESC);

DROP INDEX "dossiers_procedure_code_received_at_id_idx";
CREATE INDEX "dossiers_procedure_code_received_at_id_idx" ON "dossiers"("procedure_code", "received_at" DESC, "id" DESC);

DROP INDEX "dossiers_received_at_id_idx";
CREATE INDEX "dossiers_received_at_id_idx" ON "dossiers"("received_at" DESC, "id" DESC);
