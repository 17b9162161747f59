-- E-mails as reviewed data (issue 13): the office's profile, the template versions (shipped
-- with Passerelle or the office's own wording), and each e-mail kept as it was rendered.

CREATE TABLE "office_profile" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "name" VARCHAR(200) NOT NULL,
    "postal_address" TEXT[],
    "front_desk_hours" JSONB NOT NULL,
    "phone" VARCHAR(40),
    "email" VARCHAR(254) NOT NULL,
    "website" VARCHAR(300),
    "signature" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" VARCHAR(200),
    CONSTRAINT "office_profile_pkey" PRIMARY KEY ("id"),
    -- one office per database
    CONSTRAINT "office_profile_single_row" CHECK ("id" = 1)
);

CREATE TYPE "EmailTemplateOrigin" AS ENUM ('shipped', 'office');

CREATE TABLE "email_template_versions" (
    "id" UUID NOT NULL,
    "template" VARCHAR(48) NOT NULL,
    "variant" VARCHAR(64) NOT NULL,
    "language" VARCHAR(2) NOT NULL,
    "origin" "EmailTemplateOrigin" NOT NULL,
    "version" INTEGER NOT NULL,
    "subject" VARCHAR(300),
    "body" TEXT,
    "note" VARCHAR(500),
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by" VARCHAR(200),
    CONSTRAINT "email_template_versions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "email_template_versions_key" ON "email_template_versions"("template", "variant", "language", "origin", "version");

ALTER TABLE "notifications" ADD COLUMN "text_body" TEXT,
ADD COLUMN "html_body" TEXT,
ADD COLUMN "template_version" VARCHAR(120);
