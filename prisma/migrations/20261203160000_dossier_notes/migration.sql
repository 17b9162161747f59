-- Internal notes on a dossier (issue 16): written and read by agents only, never e-mailed to
-- the student; shown in the dossier's timeline. Erasing the student's data empties their body.

CREATE TABLE "dossier_notes" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "body" VARCHAR(4000),
    "author_id" UUID,
    "author_label" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dossier_notes_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "dossier_notes_dossier_id_created_at_idx" ON "dossier_notes"("dossier_id", "created_at");

ALTER TABLE "dossier_notes" ADD CONSTRAINT "dossier_notes_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "dossier_notes" ADD CONSTRAINT "dossier_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
