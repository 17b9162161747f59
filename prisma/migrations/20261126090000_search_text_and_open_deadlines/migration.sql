-- Search and sweeps at a million dossiers (issue 7).

-- `q` on the dossier list: one folded text per dossier (its reference, its student's number
-- and names), searched by trigram, so a name finds its dossiers without walking the list.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "dossiers" ADD COLUMN "search_text" VARCHAR(500) NOT NULL DEFAULT '';

-- The folding of src/common/search-text.ts for references and student numbers (ASCII);
-- students.search_name is already folded by the application.
CREATE FUNCTION passerelle_dossier_search_text(reference TEXT, student_number TEXT, search_name TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN left(trim(regexp_replace(lower(reference || ' ' || student_number), '[^a-z0-9@.]+', ' ', 'g') || ' ' || search_name), 500);

-- Kept by the database, whatever writes: a dossier takes its student's names when it is
-- opened or moved to another student; a student's new names or number reach their dossiers
-- (edits, erasure, anonymisation).
CREATE FUNCTION passerelle_dossier_search_text_on_write() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  SELECT passerelle_dossier_search_text(NEW.reference, s.student_number, s.search_name) INTO NEW.search_text
  FROM students s WHERE s.id = NEW.student_id;
  RETURN NEW;
END $$;

CREATE TRIGGER dossiers_search_text BEFORE INSERT OR UPDATE OF reference, student_id ON "dossiers"
  FOR EACH ROW EXECUTE FUNCTION passerelle_dossier_search_text_on_write();

CREATE FUNCTION passerelle_student_search_text_on_update() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dossiers SET search_text = passerelle_dossier_search_text(reference, NEW.student_number, NEW.search_name) WHERE student_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER students_search_text AFTER UPDATE OF search_name, student_number ON "students"
  FOR EACH ROW WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name OR OLD.student_number IS DISTINCT FROM NEW.student_number)
  EXECUTE FUNCTION passerelle_student_search_text_on_update();

UPDATE "dossiers" d SET "search_text" = passerelle_dossier_search_text(d.reference, s.student_number, s.search_name)
FROM "students" s WHERE s.id = d.student_id;

CREATE INDEX "dossiers_search_text_idx" ON "dossiers" USING GIN ("search_text" gin_trgm_ops);

-- Open deadlines are a few percent of all deadlines: the reconciliation walks them by id,
-- the sweeps by due time, through indexes that hold only them.
CREATE INDEX "deadlines_pending_by_id" ON "deadlines"("id") WHERE "status" = 'pending';
CREATE INDEX "deadlines_pending_by_due_at" ON "deadlines"("due_at") WHERE "status" = 'pending';
DROP INDEX "deadlines_status_due_at_idx";

-- Unsent e-mails (the reconciliation re-queues them) are a handful among millions sent.
CREATE INDEX "notifications_unsent_by_id" ON "notifications"("id") WHERE "status" <> 'sent';
DROP INDEX "notifications_status_idx";
