-- Rules of the workflow the database itself holds, beyond the application's checks.
-- Prisma's schema language cannot express partial indexes: these live in migrations only
-- (test/integration/schema-drift.int-spec.ts knows them; keep them if `prisma migrate dev`
-- proposes to drop them).

-- At most one open complement request per dossier.
CREATE UNIQUE INDEX "complement_requests_one_open_per_dossier" ON "complement_requests"("dossier_id") WHERE "status" = 'open';

-- At most one pending deadline of each kind per dossier.
CREATE UNIQUE INDEX "deadlines_one_pending_per_kind" ON "deadlines"("dossier_id", "kind") WHERE "status" = 'pending';

-- At most one open dossier per student and procedure.
CREATE UNIQUE INDEX "dossiers_one_open_per_student_procedure" ON "dossiers"("student_id", "procedure_code")
  WHERE "status" IN ('received', 'incomplete', 'verified', 'forwarded');
