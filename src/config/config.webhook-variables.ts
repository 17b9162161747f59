import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { toInt } from './config.validators';

/** Webhooks (src/webhooks): where they may go, how long an attempt waits, when they retry, when a subscription pauses (part of AppConfig). */
export class WebhookVariables {
  /** Hosts a webhook may reach over plain http:// and at a non-public address (a receiver on the office's network, tests), comma-separated. */
  @IsString()
  WEBHOOK_ALLOWED_HOSTS = '';

  /** How long one attempt may take, connecting and answering included. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** The waits before each retry of a delivery, in ms, comma-separated (about a day in all: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
  @Matches(/^\d{1,9}( *, *\d{1,9}){0,19}$/, { message: 'must be 1 to 20 delays in ms, comma-separated' })
  WEBHOOK_RETRY_DELAYS_MS = '5000,300000,1800000,7200000,18000000,36000000,36000000';

  /** Deliveries failed for good in a row (every retry spent) after which a subscription pauses. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_PAUSE_AFTER_FAILURES = 5;
}
