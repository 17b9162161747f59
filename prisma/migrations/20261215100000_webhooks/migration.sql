-- Webhooks (issue 20): an admin subscribes an HTTPS address to dossier events, each delivery
-- signed per Standard Webhooks (src/webhooks). Every change of a dossier writes its history
-- row, whatever the path (Prisma, the workflow's statements, the opening's): a trigger on
-- dossier_history writes the outbox row the worker fans out, in the change's transaction,
-- and one on notifications does the same when an e-mail fails for good.

CREATE TYPE "WebhookSubscriptionStatus" AS ENUM ('active', 'paused');

CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

CREATE TABLE "webhook_subscriptions" (
    "id" UUID NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "description" VARCHAR(200),
    "events" VARCHAR(48)[],
    "institution_ids" UUID[],
    "secret" VARCHAR(200) NOT NULL,
    "status" "WebhookSubscriptionStatus" NOT NULL DEFAULT 'active',
    "paused_reason" VARCHAR(500),
    "paused_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_subscriptions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "subscription_id" UUID NOT NULL,
    "event_key" VARCHAR(200) NOT NULL,
    "event_type" VARCHAR(48) NOT NULL,
    "dossier_id" UUID,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "resends" INTEGER NOT NULL DEFAULT 0,
    "last_status" INTEGER,
    "last_body" VARCHAR(2000),
    "last_error" VARCHAR(1000),
    "last_attempt_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "webhook_subscriptions_status_idx" ON "webhook_subscriptions"("status");
CREATE UNIQUE INDEX "webhook_deliveries_subscription_id_event_key_key" ON "webhook_deliveries"("subscription_id", "event_key");
CREATE INDEX "webhook_deliveries_subscription_id_created_at_idx" ON "webhook_deliveries"("subscription_id", "created_at");

ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A history row becomes one outbox row while any subscription exists, active or paused (a
-- paused one's deliveries wait for it to resume; none: no cost but the probe). The relay
-- decides which rows are events (webhookEventOf) and for whom.
CREATE FUNCTION passerelle_webhook_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "webhook_subscriptions") THEN
    INSERT INTO "outbox" ("topic", "key", "dossier_id", "payload")
    VALUES ('webhook.event', 'webhook:history:' || NEW."id", NEW."dossier_id", jsonb_build_object('historyId', NEW."id"::text))
    ON CONFLICT ("key") DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "dossier_history_webhooks" AFTER INSERT ON "dossier_history"
  FOR EACH ROW EXECUTE FUNCTION passerelle_webhook_history();

-- An e-mail about a dossier failed for good (its last attempt, or a permanent refusal); not the
-- e-mails an erasure stops (it sets passerelle.erasing for its transaction): nothing failed.
CREATE FUNCTION passerelle_webhook_email_failed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "webhook_subscriptions") THEN
    INSERT INTO "outbox" ("topic", "key", "dossier_id", "payload")
    VALUES ('webhook.event', 'webhook:email:' || NEW."id" || ':' || NEW."attempts", NEW."dossier_id",
            jsonb_build_object('notificationId', NEW."id"::text, 'attempts', NEW."attempts"))
    ON CONFLICT ("key") DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "notifications_failed_webhooks" AFTER UPDATE OF "status" ON "notifications"
  FOR EACH ROW WHEN (NEW."status" = 'failed' AND OLD."status" IS DISTINCT FROM 'failed' AND NEW."dossier_id" IS NOT NULL
                    AND current_setting('passerelle.erasing', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION passerelle_webhook_email_failed();
