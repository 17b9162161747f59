import { answer, client } from './http';
import type { components } from './schema';

type Schemas = components['schemas'];
export type ApiKey = Schemas['ApiKeyResponse'];
export type CreatedApiKey = Schemas['CreatedApiKeyResponse'];
export type Webhook = Schemas['WebhookResponse'];
export type WebhookWithSecret = Schemas['WebhookWithSecretResponse'];
export type WebhookDelivery = Schemas['WebhookDeliveryResponse'];
export type WebhookDeliveryPage = Schemas['WebhookDeliveryPage'];

const ofRecord = (id: string) => ({ params: { path: { id } } });

/**
 * The admins' integrations beyond react-admin's nine calls (keys and subscriptions are listed,
 * read and created as resources `apiKeys` and `webhooks`): revoking a key, pausing, resuming
 * a subscription, drawing its new secret (answered this once), its deliveries and a retry.
 */
export const integrationCalls = {
  /** The key stops working at once, in every API process; it stays listed, revoked. */
  revokeApiKey: async (id: string) => ({ data: await answer<ApiKey>(client.DELETE('/api/api-keys/{id}', ofRecord(id))) }),
  pauseWebhook: async (id: string) => ({ data: await answer<Webhook>(client.POST('/api/webhooks/{id}/pause', ofRecord(id))) }),
  resumeWebhook: async (id: string) => ({ data: await answer<Webhook>(client.POST('/api/webhooks/{id}/resume', ofRecord(id))) }),
  /** A new signing secret: the old one stops signing; the answer holds it, shown this once. */
  rotateWebhookSecret: async (id: string) => ({ data: await answer<WebhookWithSecret>(client.POST('/api/webhooks/{id}/rotate-secret', ofRecord(id))) }),
  /** A page of a subscription's deliveries, newest first (`cursor`: the older ones). */
  getWebhookDeliveries: async (id: string, options: { limit?: number; cursor?: string | null } = {}) => {
    const query = { limit: options.limit ?? 20, ...(options.cursor ? { cursor: options.cursor } : {}) };
    return { data: await answer<WebhookDeliveryPage>(client.GET('/api/webhooks/{id}/deliveries', { params: { path: { id }, query } })) };
  },
  /** The delivery sent again by the worker (the same webhook-id): 202, queued. */
  retryWebhookDelivery: async (id: string, deliveryId: string) => {
    await answer(client.POST('/api/webhooks/{id}/deliveries/{deliveryId}/retry', { params: { path: { id, deliveryId } } }));
    return { data: { id: deliveryId } };
  },
};
