-- The searched list at a million dossiers (issue 18): a common name matches thousands of
-- dossiers, which the trigram index finds but cannot give in date order. Each word of a
-- dossier's search text gets a row here, indexed by (word, status, date received, id): a
-- word (or a prefix's few words) yields its dossiers already sorted, and a page stops after
-- its 50 rows.

-- no dossier may change while its words are copied (the triggers below take over after)
LOCK TABLE "dossiers" IN SHARE ROW EXCLUSIVE MODE;

-- "C": byte order, so that the words starting with a prefix are one range of the index
CREATE TABLE "dossier_search_words" (
    "word" TEXT COLLATE "C" NOT NULL,
    "dossier_id" UUID NOT NULL,
    "status" "DossierStatus" NOT NULL,
    "received_at" DATE NOT NULL,
    "institution_id" UUID NOT NULL
);

-- The words of a search text (src/common/search-text.ts folds it: one space between words).
CREATE FUNCTION passerelle_search_words(search_text TEXT) RETURNS SETOF TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT DISTINCT word FROM regexp_split_to_table(search_text, ' +') AS word WHERE word <> '' $$;

INSERT INTO "dossier_search_words" ("word", "dossier_id", "status", "received_at", "institution_id")
SELECT w, d.id, d.status, d.received_at, d.institution_id FROM "dossiers" d CROSS JOIN LATERAL passerelle_search_words(d.search_text) AS w;

ALTER TABLE "dossier_search_words" ADD CONSTRAINT "dossier_search_words_pkey" PRIMARY KEY ("dossier_id", "word");
CREATE INDEX "dossier_search_words_in_order" ON "dossier_search_words"("word", "status", "received_at" DESC, "dossier_id" DESC, "institution_id");
ALTER TABLE "dossier_search_words" ADD CONSTRAINT "dossier_search_words_dossier_id_fkey"
  FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept by the database, whatever writes: a dossier's words follow its search text (which
-- follows its student's names and number: erasure empties them), and their copies of the
-- status, the day received and the institution follow the dossier.
CREATE FUNCTION passerelle_dossier_search_words_on_write() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search_text = OLD.search_text THEN
    UPDATE dossier_search_words SET status = NEW.status, received_at = NEW.received_at, institution_id = NEW.institution_id
     WHERE dossier_id = NEW.id;
  ELSE
    IF TG_OP = 'UPDATE' THEN
      DELETE FROM dossier_search_words WHERE dossier_id = NEW.id;
    END IF;
    INSERT INTO dossier_search_words (word, dossier_id, status, received_at, institution_id)
    SELECT w, NEW.id, NEW.status, NEW.received_at, NEW.institution_id FROM passerelle_search_words(NEW.search_text) AS w;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER dossiers_search_words_on_insert AFTER INSERT ON "dossiers"
  FOR EACH ROW EXECUTE FUNCTION passerelle_dossier_search_words_on_write();

-- no column list: the search text also changes through the BEFORE trigger (a new student)
CREATE TRIGGER dossiers_search_words_on_update AFTER UPDATE ON "dossiers"
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text OR OLD.status IS DISTINCT FROM NEW.status
                     OR OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.institution_id IS DISTINCT FROM NEW.institution_id)
  EXECUTE FUNCTION passerelle_dossier_search_words_on_write();

-- The words answer every search now (a search word starts a word): the trigram index on the
-- whole text, which matched any substring, is no longer read.
DROP INDEX "dossiers_search_text_idx";
