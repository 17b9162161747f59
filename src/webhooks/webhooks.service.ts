import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { UUID_PATTERN } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { allowedHosts, checkAddress } from './webhooks.address';
import { CreateWebhookDto, ListDeliveriesQuery } from './webhooks.dto';
import { newSecret } from './webhooks.model';
import { Subscription, WebhooksRepository } from './webhooks.repository';

/** Why an admin's pause is recorded. */
const PAUSED_BY_ADMIN = 'Suspendu par un administrateur.';

/** The admins' side of webhooks: subscriptions, their secrets, their deliveries. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly config: AppConfig,
  ) {}

  /** A new subscription: its address checked (public, https), its secret drawn and shown this once. */
  async create(body: CreateWebhookDto, actor: Actor): Promise<Subscription & { secret: string }> {
    await this.checkUrl(body.url);
    const secret = newSecret(randomBytes);
    const created = await this.webhooks.create({
      url: body.url,
      description: body.description ?? null,
      events: body.events,
      institutionIds: body.institutionIds ?? [],
      secret,
      createdById: actor.agentId ?? null,
    });
    return { ...created, secret };
  }

  async list(): Promise<{ items: Subscription[] }> {
    return { items: await this.webhooks.list() };
  }

  async get(id: string): Promise<Subscription> {
    const found = await this.webhooks.get(id);
    if (!found) throw ProblemException.of('webhook.not-found', { id });
    return found;
  }

  async pause(id: string): Promise<Subscription> {
    await this.get(id);
    await this.webhooks.pause(id, PAUSED_BY_ADMIN);
    return this.get(id);
  }

  /** Active again; the deliveries left pending while it was paused go out. */
  async resume(id: string): Promise<Subscription> {
    await this.get(id);
    await this.webhooks.resume(id);
    return this.get(id);
  }

  /** A new secret, shown this once; the old one no longer signs. */
  async rotateSecret(id: string): Promise<Subscription & { secret: string }> {
    const secret = newSecret(randomBytes);
    if (!(await this.webhooks.rotateSecret(id, secret))) throw ProblemException.of('webhook.not-found', { id });
    return { ...(await this.get(id)), secret };
  }

  async deliveries(id: string, query: ListDeliveriesQuery) {
    await this.get(id);
    if (query.cursor !== undefined && !UUID_PATTERN.test(query.cursor)) throw ProblemException.validation([{ field: 'cursor', code: 'cursor' }]);
    const rows = await this.webhooks.deliveries(id, query.limit + 1, query.cursor ?? null);
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
  }

  /** The delivery sent again (the same webhook-id), by the worker. */
  async resend(id: string, deliveryId: string): Promise<{ id: string; status: 'pending' }> {
    await this.get(id);
    if (!(await this.webhooks.resend(id, deliveryId))) throw ProblemException.of('webhook-delivery.not-found', { id: deliveryId });
    return { id: deliveryId, status: 'pending' };
  }

  private async checkUrl(url: string): Promise<void> {
    const checked = await checkAddress(url, allowedHosts(this.config.WEBHOOK_ALLOWED_HOSTS));
    if (!checked.ok) throw ProblemException.validation([{ field: 'url', code: 'webhookAddress' }]);
  }
}
