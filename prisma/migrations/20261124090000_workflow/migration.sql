-- CreateEnum
CREATE TYPE "ComplementStatus" AS ENUM ('open', 'satisfied', 'expired', 'cancelled');

-- CreateEnum
CREATE TYPE "DeadlineKind" AS ENUM ('complement', 'prefecture_silence');

-- CreateEnum
CREATE TYPE "DeadlineStatus" AS ENUM ('pending', 'fired', 'cancelled');

-- CreateEnum
CREATE TYPE "SummonsReason" AS ENUM ('fingerprints', 'additional_information', 'card_collection', 'other');

-- AlterTable
ALTER TABLE "dossiers" ADD COLUMN "prefecture_reference" VARCHAR(64),
ADD COLUMN "implicit_rejection_on" DATE,
ADD COLUMN "decided_on" DATE,
ADD COLUMN "card_ready_on" DATE,
ADD COLUMN "card_handed_over_on" DATE;

-- CreateTable
CREATE TABLE "complement_requests" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "status" "ComplementStatus" NOT NULL DEFAULT 'open',
    "items" JSONB NOT NULL,
    "message" VARCHAR(2000),
    "due_on" DATE NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requested_by_id" UUID,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "complement_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deadlines" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "kind" "DeadlineKind" NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "DeadlineStatus" NOT NULL DEFAULT 'pending',
    "complement_request_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "deadlines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "topic" VARCHAR(64) NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "dossier_id" UUID,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayed_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transmissions" (
    "id" UUID NOT NULL,
    "reference" VARCHAR(32) NOT NULL,
    "prefecture" VARCHAR(3) NOT NULL,
    "contact" VARCHAR(200) NOT NULL,
    "sent_on" DATE NOT NULL,
    "note" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "created_by_label" VARCHAR(64),

    CONSTRAINT "transmissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transmission_items" (
    "transmission_id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "reference" VARCHAR(32) NOT NULL,
    "student_name" VARCHAR(300) NOT NULL,
    "procedure_code" VARCHAR(64) NOT NULL,
    "document_count" INTEGER NOT NULL,

    CONSTRAINT "transmission_items_pkey" PRIMARY KEY ("transmission_id","dossier_id")
);

-- CreateTable
CREATE TABLE "summonses" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "reason" "SummonsReason" NOT NULL,
    "appointment_at" TIMESTAMPTZ(3) NOT NULL,
    "place" VARCHAR(300),
    "note" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,

    CONSTRAINT "summonses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "complement_requests_dossier_id_idx" ON "complement_requests"("dossier_id");

-- CreateIndex
CREATE INDEX "deadlines_dossier_id_idx" ON "deadlines"("dossier_id");

-- CreateIndex
CREATE INDEX "deadlines_status_due_at_idx" ON "deadlines"("status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_key_key" ON "outbox"("key");

-- CreateIndex
CREATE INDEX "outbox_relayed_at_id_idx" ON "outbox"("relayed_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "transmissions_reference_key" ON "transmissions"("reference");

-- CreateIndex
CREATE INDEX "transmissions_sent_on_idx" ON "transmissions"("sent_on");

-- CreateIndex
CREATE INDEX "transmission_items_dossier_id_idx" ON "transmission_items"("dossier_id");

-- CreateIndex
CREATE INDEX "summonses_dossier_id_idx" ON "summonses"("dossier_id");

-- AddForeignKey
ALTER TABLE "complement_requests" ADD CONSTRAINT "complement_requests_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complement_requests" ADD CONSTRAINT "complement_requests_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_complement_request_id_fkey" FOREIGN KEY ("complement_request_id") REFERENCES "complement_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transmissions" ADD CONSTRAINT "transmissions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transmission_items" ADD CONSTRAINT "transmission_items_transmission_id_fkey" FOREIGN KEY ("transmission_id") REFERENCES "transmissions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transmission_items" ADD CONSTRAINT "transmission_items_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "summonses" ADD CONSTRAINT "summonses_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "summonses" ADD CONSTRAINT "summonses_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
