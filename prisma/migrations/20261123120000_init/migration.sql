-- CreateEnum
CREATE TYPE "InstitutionKind" AS ENUM ('university', 'engineering_school', 'business_school', 'other');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('female', 'male', 'unspecified');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('fr', 'en');

-- CreateEnum
CREATE TYPE "StudyLevel" AS ENUM ('licence_pro', 'm1', 'm2', 'engineering_final_year', 'mastere_specialise', 'msc', 'doctorate', 'other');

-- CreateEnum
CREATE TYPE "PermitKind" AS ENUM ('vls_ts_student', 'student', 'student_multi_year', 'rece', 'extension_attestation', 'receipt', 'talent_researcher', 'employee', 'other');

-- CreateEnum
CREATE TYPE "AgentRole" AS ENUM ('agent', 'supervisor', 'admin');

-- CreateEnum
CREATE TYPE "DossierStatus" AS ENUM ('received', 'incomplete', 'verified', 'forwarded', 'decided', 'closed');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('postal', 'in_person', 'email', 'anef');

-- CreateEnum
CREATE TYPE "Decision" AS ENUM ('favourable', 'refused');

-- CreateEnum
CREATE TYPE "CloseReason" AS ENUM ('deadline_expired', 'withdrawn', 'not_eligible', 'duplicate', 'other');

-- CreateTable
CREATE TABLE "institutions" (
    "id" UUID NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "kind" "InstitutionKind" NOT NULL,
    "city" VARCHAR(100),
    "contact_email" VARCHAR(254),
    "member" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "institutions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "students" (
    "id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "student_number" VARCHAR(32) NOT NULL,
    "birth_name" VARCHAR(100) NOT NULL,
    "usage_name" VARCHAR(100),
    "first_names" VARCHAR(150) NOT NULL,
    "sex" "Sex" NOT NULL,
    "birth_date" DATE NOT NULL,
    "birth_place" VARCHAR(100),
    "birth_country" CHAR(2) NOT NULL,
    "nationality" CHAR(2) NOT NULL,
    "foreigner_number" VARCHAR(10),
    "email" VARCHAR(254) NOT NULL,
    "mobile_phone" VARCHAR(20),
    "address_line1" VARCHAR(200),
    "address_line2" VARCHAR(200),
    "postal_code" VARCHAR(10),
    "city" VARCHAR(100),
    "preferred_language" "Language" NOT NULL DEFAULT 'fr',
    "programme" VARCHAR(200),
    "level" "StudyLevel" NOT NULL,
    "academic_year" CHAR(9) NOT NULL,
    "expected_defence_date" DATE,
    "internship_end_date" DATE,
    "permit_kind" "PermitKind",
    "permit_number" VARCHAR(20),
    "permit_valid_from" DATE,
    "permit_valid_until" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "students_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agents" (
    "id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "display_name" VARCHAR(150) NOT NULL,
    "role" "AgentRole" NOT NULL DEFAULT 'agent',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dossiers" (
    "id" UUID NOT NULL,
    "reference" VARCHAR(32) NOT NULL,
    "student_id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "procedure_code" VARCHAR(64) NOT NULL,
    "channel" "Channel" NOT NULL,
    "status" "DossierStatus" NOT NULL DEFAULT 'received',
    "decision" "Decision",
    "close_reason" "CloseReason",
    "version" INTEGER NOT NULL DEFAULT 1,
    "received_at" DATE NOT NULL,
    "filed_at" DATE,
    "deadline_at" TIMESTAMPTZ(3),
    "assignee_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dossiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reference_counters" (
    "prefix" VARCHAR(16) NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "reference_counters_pkey" PRIMARY KEY ("prefix","year")
);

-- CreateTable
CREATE TABLE "dossier_history" (
    "id" BIGSERIAL NOT NULL,
    "dossier_id" UUID NOT NULL,
    "event" VARCHAR(48) NOT NULL,
    "from_status" "DossierStatus",
    "to_status" "DossierStatus" NOT NULL,
    "actor_id" UUID,
    "actor_label" VARCHAR(64),
    "reason" VARCHAR(1000),
    "details" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dossier_history_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "institutions_code_key" ON "institutions"("code");

-- CreateIndex
CREATE UNIQUE INDEX "students_foreigner_number_key" ON "students"("foreigner_number");

-- CreateIndex
CREATE INDEX "students_permit_valid_until_idx" ON "students"("permit_valid_until");

-- CreateIndex
CREATE INDEX "students_birth_name_idx" ON "students"("birth_name");

-- CreateIndex
CREATE UNIQUE INDEX "students_institution_id_student_number_key" ON "students"("institution_id", "student_number");

-- CreateIndex
CREATE UNIQUE INDEX "agents_email_key" ON "agents"("email");

-- CreateIndex
CREATE UNIQUE INDEX "dossiers_reference_key" ON "dossiers"("reference");

-- CreateIndex
CREATE INDEX "dossiers_status_received_at_id_idx" ON "dossiers"("status", "received_at" DESC, "id");

-- CreateIndex
CREATE INDEX "dossiers_student_id_idx" ON "dossiers"("student_id");

-- CreateIndex
CREATE INDEX "dossiers_institution_id_received_at_id_idx" ON "dossiers"("institution_id", "received_at" DESC, "id");

-- CreateIndex
CREATE INDEX "dossiers_assignee_id_received_at_id_idx" ON "dossiers"("assignee_id", "received_at" DESC, "id");

-- CreateIndex
CREATE INDEX "dossiers_procedure_code_received_at_id_idx" ON "dossiers"("procedure_code", "received_at" DESC, "id");

-- CreateIndex
CREATE INDEX "dossiers_received_at_id_idx" ON "dossiers"("received_at" DESC, "id");

-- CreateIndex
CREATE INDEX "dossiers_deadline_at_idx" ON "dossiers"("deadline_at");

-- CreateIndex
CREATE INDEX "dossier_history_dossier_id_id_idx" ON "dossier_history"("dossier_id", "id");

-- AddForeignKey
ALTER TABLE "students" ADD CONSTRAINT "students_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "students"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_history" ADD CONSTRAINT "dossier_history_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_history" ADD CONSTRAINT "dossier_history_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
