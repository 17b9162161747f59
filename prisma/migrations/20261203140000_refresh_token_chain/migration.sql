-- Refresh tokens as a chain: each used token names the one it was exchanged for, and a token
-- set aside because its answer was lost (presented again within the grace) is superseded —
-- presenting it later is a reuse, which revokes the login.

ALTER TABLE "refresh_tokens" ADD COLUMN "replaced_by_id" UUID;
ALTER TABLE "refresh_tokens" ADD COLUMN "superseded_at" TIMESTAMPTZ(3);
