import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorators';
import { OfficeWide, RequireRole } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateWebhookDto, ListDeliveriesQuery, WebhookDeliveryPage, WebhookListResponse, WebhookResponse, WebhookWithSecretResponse } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@RequireRole('admin')
@OfficeWide()
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'List the webhook subscriptions (admins)' })
  @ApiOkResponse({ type: WebhookListResponse })
  @ApiProblems(403)
  list() {
    return this.webhooks.list();
  }

  @Post()
  @Audit('webhook.create')
  @ApiOperation({ summary: 'Subscribe an address to dossier events; the answer holds its signing secret, shown this once' })
  @ApiCreatedResponse({ type: WebhookWithSecretResponse })
  @ApiProblems(400, 403)
  create(@Body() body: CreateWebhookDto, @CurrentActor() actor: Actor) {
    return this.webhooks.create(body, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook subscription' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiProblems(400, 403, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.webhooks.get(id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Audit('webhook.pause')
  @ApiOperation({ summary: 'Pause a subscription: its deliveries wait' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiProblems(400, 403, 404)
  pause(@Param('id', new ParseIdPipe()) id: string) {
    return this.webhooks.pause(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Audit('webhook.resume')
  @ApiOperation({ summary: 'Resume a subscription: the deliveries that waited go out' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiProblems(400, 403, 404)
  resume(@Param('id', new ParseIdPipe()) id: string) {
    return this.webhooks.resume(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Audit('webhook.rotate-secret')
  @ApiOperation({ summary: 'Draw a new signing secret, shown this once' })
  @ApiOkResponse({ type: WebhookWithSecretResponse })
  @ApiProblems(400, 403, 404)
  rotateSecret(@Param('id', new ParseIdPipe()) id: string) {
    return this.webhooks.rotateSecret(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The deliveries of a subscription, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  @ApiProblems(400, 403, 404)
  deliveries(@Param('id', new ParseIdPipe()) id: string, @Query() query: ListDeliveriesQuery) {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @Audit('webhook.retry-delivery')
  @ApiOperation({ summary: 'Send a delivery again (the same webhook-id), by the worker' })
  @ApiAcceptedResponse({ description: 'Queued.' })
  @ApiProblems(400, 403, 404)
  retry(@Param('id', new ParseIdPipe()) id: string, @Param('deliveryId', new ParseIdPipe('deliveryId')) deliveryId: string) {
    return this.webhooks.resend(id, deliveryId);
  }
}
