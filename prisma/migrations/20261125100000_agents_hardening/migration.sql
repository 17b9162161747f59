-- E-mails are compared exactly, in lower case
UPDATE "agents" SET "email" = lower(trim("email")) WHERE "email" <> lower(trim("email"));

-- An institution covered by restricted agents cannot vanish from under them (which would widen their reach)
ALTER TABLE "agent_institutions" DROP CONSTRAINT "agent_institutions_institution_id_fkey";
ALTER TABLE "agent_institutions" ADD CONSTRAINT "agent_institutions_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
