-- API keys for scripts and integrations (src/api-keys). Each key acts as an agent of its own
-- (kind api_key: no password, never listed among the office's agents), so every "who" of the
-- history, the audit and the documents names the key. Only the SHA-256 of its secret is kept.
CREATE TYPE "AgentKind" AS ENUM ('person', 'api_key');

ALTER TABLE "agents" ADD COLUMN "kind" "AgentKind" NOT NULL DEFAULT 'person';

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "prefix" VARCHAR(32) NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_by" UUID NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "api_keys_agent_id_key" ON "api_keys"("agent_id");
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");
-- the lookup of every request made with a key
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"("secret_hash");

ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "agents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
