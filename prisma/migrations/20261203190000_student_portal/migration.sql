-- The student's side (issue 17): personal links exchanged for short-lived sessions (tokens
-- stored only as their SHA-256), documents marked as sent by the student, and the message
-- thread between the student and the office, with its attachments.

CREATE TYPE "DocumentSource" AS ENUM ('office', 'student');

ALTER TABLE "dossier_documents" ADD COLUMN "source" "DocumentSource" NOT NULL DEFAULT 'office';

CREATE TYPE "MessageAuthor" AS ENUM ('student', 'office');

CREATE TABLE "student_links" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "notification_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "student_links_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "student_sessions" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "link_id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "ip" VARCHAR(64),
    "user_agent" VARCHAR(300),

    CONSTRAINT "student_sessions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "dossier_messages" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "author" "MessageAuthor" NOT NULL,
    "agent_id" UUID,
    "author_label" VARCHAR(150),
    "body" VARCHAR(4000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "dossier_messages_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "message_attachments" (
    "id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "storage_key" VARCHAR(200) NOT NULL,
    "original_name" VARCHAR(255) NOT NULL,
    "content_type" VARCHAR(100) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_attachments_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "student_links_token_hash_key" ON "student_links"("token_hash");
CREATE UNIQUE INDEX "student_links_notification_id_key" ON "student_links"("notification_id");
CREATE INDEX "student_links_dossier_id_idx" ON "student_links"("dossier_id");
CREATE UNIQUE INDEX "student_sessions_token_hash_key" ON "student_sessions"("token_hash");
CREATE INDEX "student_sessions_dossier_id_idx" ON "student_sessions"("dossier_id");
CREATE INDEX "dossier_messages_dossier_id_created_at_idx" ON "dossier_messages"("dossier_id", "created_at");
CREATE UNIQUE INDEX "message_attachments_storage_key_key" ON "message_attachments"("storage_key");
CREATE INDEX "message_attachments_message_id_idx" ON "message_attachments"("message_id");

ALTER TABLE "student_links" ADD CONSTRAINT "student_links_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "student_links" ADD CONSTRAINT "student_links_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "student_sessions" ADD CONSTRAINT "student_sessions_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "student_sessions" ADD CONSTRAINT "student_sessions_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "student_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dossier_messages" ADD CONSTRAINT "dossier_messages_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossiers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dossier_messages" ADD CONSTRAINT "dossier_messages_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "dossier_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
