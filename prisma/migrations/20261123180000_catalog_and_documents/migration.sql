-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('received', 'accepted', 'rejected');

-- CreateEnum
CREATE TYPE "RejectionReason" AS ENUM ('illegible', 'expired', 'unsigned', 'incomplete', 'wrong_document', 'other');

-- History rows now also record events that change no status (documents, verdicts, facts)
ALTER TABLE "dossier_history" ALTER COLUMN "to_status" DROP NOT NULL;

-- AlterTable
ALTER TABLE "dossiers" ADD COLUMN "procedure_version_id" UUID,
ADD COLUMN "procedure_case" VARCHAR(64),
ADD COLUMN "prefecture" VARCHAR(3),
ADD COLUMN "facts" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "procedure_versions" (
    "id" UUID NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_from" DATE NOT NULL,
    "note" VARCHAR(1000),
    "definition" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by_id" UUID,
    "published_by_label" VARCHAR(64),

    CONSTRAINT "procedure_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dossier_documents" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "issued_on" DATE,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "note" VARCHAR(500),
    "status" "DocumentStatus" NOT NULL DEFAULT 'received',
    "rejection_reason" "RejectionReason",
    "rejection_text" VARCHAR(500),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recorded_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "reviewed_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dossier_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document_files" (
    "id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "storage_key" VARCHAR(200) NOT NULL,
    "original_name" VARCHAR(255) NOT NULL,
    "content_type" VARCHAR(100) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploaded_by_id" UUID,

    CONSTRAINT "document_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "procedure_versions_code_effective_from_idx" ON "procedure_versions"("code", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "procedure_versions_code_version_key" ON "procedure_versions"("code", "version");

-- CreateIndex
CREATE INDEX "dossier_documents_dossier_id_idx" ON "dossier_documents"("dossier_id");

-- CreateIndex
CREATE UNIQUE INDEX "document_files_storage_key_key" ON "document_files"("storage_key");

-- CreateIndex
CREATE INDEX "document_files_document_id_idx" ON "document_files"("document_id");

-- AddForeignKey
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_procedure_version_id_fkey" FOREIGN KEY ("procedure_version_id") REFERENCES "procedure_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "procedure_versions" ADD CONSTRAINT "procedure_versions_published_by_id_fkey" FOREIGN KEY ("published_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_documents" ADD CONSTRAINT "dossier_documents_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_documents" ADD CONSTRAINT "dossier_documents_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_documents" ADD CONSTRAINT "dossier_documents_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "dossier_documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Existing dossiers: the prefecture of the student's address (the version is set when the catalog is published)
UPDATE "dossiers" AS d SET "prefecture" = CASE
    WHEN s."postal_code" IS NULL THEN NULL
    WHEN left(s."postal_code", 2) = '20' THEN CASE WHEN s."postal_code" < '20200' THEN '2A' ELSE '2B' END
    WHEN left(s."postal_code", 2) = '97' THEN left(s."postal_code", 3)
    ELSE left(s."postal_code", 2)
  END
FROM "students" AS s WHERE s."id" = d."student_id";
