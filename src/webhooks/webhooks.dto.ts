import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsId, trim } from '../common/validators';
import { WEBHOOK_EVENTS } from './webhooks.model';
import type { WebhookEvent } from './webhooks.model';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://si.univ-rennes.fr/passerelle/webhooks',
    description: 'Where deliveries are POSTed: https://, to a public address (http:// only for the hosts of WEBHOOK_ALLOWED_HOSTS).',
  })
  @Transform(trim)
  @MaxLength(2000)
  @IsString()
  url!: string;

  @ApiPropertyOptional({ example: 'Système d’information de l’université', nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @Length(1, 200)
  @IsString()
  description?: string | null;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, description: 'The event types delivered.' })
  @IsIn(WEBHOOK_EVENTS, { each: true })
  @ArrayUnique()
  @ArrayMinSize(1)
  @IsArray()
  events!: WebhookEvent[];

  @ApiPropertyOptional({ type: [String], description: 'Only the events of these institutions’ dossiers; empty or absent: every institution.' })
  @IsOptional()
  @IsId({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsArray()
  institutionIds?: string[];
}

export class WebhookResponse {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: string[];
  @ApiProperty({ type: [String] }) institutionIds!: string[];
  @ApiProperty({ enum: ['active', 'paused'] }) status!: 'active' | 'paused';
  @ApiProperty({ nullable: true, type: String, description: 'Why it was paused (an admin, a 410, failures in a row), in French.' })
  pausedReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) pausedAt!: Date | null;
  @ApiProperty({ description: 'Deliveries failed for good in a row.' }) consecutiveFailures!: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}

export class WebhookWithSecretResponse extends WebhookResponse {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret (Standard Webhooks), shown this once.' })
  secret!: string;
}

export class WebhookListResponse {
  @ApiProperty({ type: [WebhookResponse] }) items!: WebhookResponse[];
}

export class ListDeliveriesQuery extends PageQuery {}

export class WebhookDeliveryResponse {
  @ApiProperty({ description: 'The webhook-id header: the same at every try.' }) id!: string;
  @ApiProperty() subscriptionId!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) eventType!: string;
  @ApiProperty({ nullable: true, type: String }) dossierId!: string | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status of the last answer.' }) lastStatus!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The last answer’s first 2000 characters.' }) lastBody!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastAttemptAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items!: WebhookDeliveryResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the older deliveries; null on the last page.' })
  nextCursor!: string | null;
}
