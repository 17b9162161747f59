import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PREFECTURE_PATTERN } from '../common/vocabulary';
import { StorageVariables } from './config.storage-variables';
import { CRON_PATTERN, IsTimeZone, toBool, toInt } from './config.validators';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

/**
 * Every environment variable Passerelle reads, with its default for local use.
 * Validated once at boot (`loadConfig`); a bad value stops the process with one line naming it.
 * The README's configuration table and `.env.example` list the same names
 * (test/integration/deployment-files.int-spec.ts keeps them in step).
 */
export class AppConfig extends StorageVariables {
  /** development | production | test. */
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  /** HTTP port of the API. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Interface the API listens on (0.0.0.0 in containers). */
  @IsString()
  HOST = '127.0.0.1';

  /** PostgreSQL connection URL. */
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgresql:// URL' })
  DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/passerelle';

  /** Connections in the API's (and worker's) PostgreSQL pool. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Prepared (named) statements for the queries the API repeats, planned once per connection.
   * Turn off behind a pooler in transaction mode that does not keep them (PgBouncer before 1.21).
   */
  @Transform(toBool)
  @IsBoolean()
  DATABASE_NAMED_STATEMENTS = true;

  /** PostgreSQL itself when DATABASE_URL is a pooler in transaction mode: migrations take a session lock (unset: DATABASE_URL). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgresql:// URL' })
  DATABASE_DIRECT_URL: string | undefined = undefined;

  /** Redis connection URL (queues, rate limits). */
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key Passerelle writes (several deployments or test runs can share a Redis). */
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'must be 1-64 letters, digits, ":", "_" or "-"' })
  REDIS_PREFIX = 'passerelle';

  /** SMTP server for student e-mails (smtp:// or smtps://). Empty in development: e-mails are written to MAIL_OUTBOX_DIR. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL: string | undefined = undefined;

  /** Sender of student e-mails. */
  @IsEmail({ allow_display_name: true })
  MAIL_FROM = 'Passerelle <no-reply@passerelle.localhost>';

  /** Folder receiving .eml files when SMTP_URL is not set. */
  @IsString()
  MAIL_OUTBOX_DIR = 'var/mail';

  /** Where alerts for dossiers nobody is assigned to go (prefecture silence, digests). */
  @IsEmail()
  OFFICE_EMAIL = 'cmi@passerelle.localhost';

  /** How many times an e-mail is tried before it is marked failed (temporary SMTP failures). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_MAX_ATTEMPTS = 30;

  /** First retry delay of an e-mail; it doubles each time, up to 15 minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  MAIL_RETRY_DELAY_MS = 5_000;

  /** Jobs each worker runs at once, per queue. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY = 5;

  /** How long a job may run before another worker takes it over (a crashed worker's jobs go back after this). */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  JOB_LOCK_MS = 30_000;

  /** How often the worker relays the outbox (what committed changes asked for) to the queues. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  OUTBOX_POLL_MS = 500;

  /** How often the worker checks that Redis still has the job schedulers (after a flush it puts them back and reconciles). */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  SCHEDULES_CHECK_MS = 60_000;

  /** When the nightly jobs run (cron with seconds, office time zone): reconciliation and watches. */
  @Matches(CRON_PATTERN, { message: 'must be a cron pattern (5 or 6 fields)' })
  NIGHTLY_CRON = '0 0 2 * * *';

  /** When agents get their digest of the dossiers due (cron with seconds, office time zone). */
  @Matches(CRON_PATTERN, { message: 'must be a cron pattern (5 or 6 fields)' })
  DIGEST_CRON = '0 30 7 * * 1-5';

  /** Length of a "day" for deadlines and reminders, in ms. Unset: calendar days. Set only to rehearse deadlines fast (tests, demos). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DEADLINE_DAY_MS: number | undefined = undefined;

  /** The office's name, as students and the prefecture read it (e-mails, transmission slips). */
  @Length(2, 100)
  @IsString()
  OFFICE_NAME = 'CMI Rennes';

  /** Prefix of dossier references (CMI-2026-000123). */
  @Matches(/^[A-Z]{2,8}$/, { message: 'must be 2-8 capital letters' })
  OFFICE_REFERENCE_PREFIX = 'CMI';

  /** Time zone of the office: "today", deadlines and dates without a time are read in it. */
  @IsTimeZone()
  OFFICE_TIMEZONE = 'Europe/Paris';

  /** Département of the office's prefecture: dossiers of students without an address are handled there. */
  @Matches(PREFECTURE_PATTERN, { message: 'must be a French département code (35, 2A, 974...)' })
  OFFICE_PREFECTURE = '35';

  /** Folder of the agents' web app as the build writes it (index.html and assets/), served at /. */
  @IsString()
  WEB_DIR = 'dist/web';

  /** Log level (fatal, error, warn, info, debug, trace, silent). */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Serve Swagger UI at /docs and the OpenAPI document at /docs-json. */
  @Transform(toBool)
  @IsBoolean()
  DOCS_ENABLED = true;

  /** Key signing access tokens (at least 32 characters). Required in production; unset elsewhere, each start draws one (tokens end with the process). */
  @IsOptional()
  @IsString()
  @Length(32, 512)
  AUTH_TOKEN_SECRET: string | undefined = undefined;

  /** A file holding AUTH_TOKEN_SECRET (a Docker secret, a mounted volume), read when AUTH_TOKEN_SECRET itself is not set. */
  @IsOptional()
  @IsString()
  AUTH_TOKEN_SECRET_FILE: string | undefined = undefined;

  /** Lifetime of an access token, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86_400)
  AUTH_ACCESS_TTL_SECONDS = 900;

  /** Lifetime of a login (its refresh tokens), in days. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  AUTH_SESSION_TTL_DAYS = 14;

  /**
   * Seconds after its use during which a refresh token presented again is taken for a refresh
   * whose answer was lost (a page reloaded mid-refresh, a dropped connection) rather than a
   * stolen copy, as long as the tokens it was exchanged for were never used; 0 turns it off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_REFRESH_REUSE_GRACE_SECONDS = 30;

  /** Wrong passwords for one account before its logins are refused (429) for LOGIN_LOCK_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(3)
  @Max(100)
  LOGIN_MAX_FAILURES = 10;

  /** Failed logins from one IP address before it is refused for LOGIN_LOCK_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(3)
  @Max(10_000)
  LOGIN_IP_MAX_FAILURES = 50;

  /** The window counting failed logins, and how long a lock lasts, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_LOCK_SECONDS = 900;

  /**
   * The address people open Passerelle at, as written in e-mails (the students' personal links,
   * the agents' links to a dossier): scheme, host and port, no trailing slash.
   */
  @Matches(/^https?:\/\/[^\s/]+$/, { message: 'must be an http:// or https:// origin without a path or trailing slash' })
  PUBLIC_URL = 'http://localhost:3000';

  /** Days a student's personal link still opens their page after the dossier ended (decided or closed). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  STUDENT_LINK_DAYS_AFTER_END = 90;

  /** Minutes a student's session lasts once their link was exchanged for it (then a new link is needed). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(1440)
  STUDENT_SESSION_MINUTES = 60;

  /** Requests per minute per student session on the students' pages. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(100_000)
  STUDENT_RATE_LIMIT_PER_MINUTE = 120;

  /** Requests per minute per client (agent, or IP address before login) across the API. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 1200;

  /** Proxies in front of the API whose X-Forwarded-For is believed: a number of hops, or addresses/CIDRs (comma-separated); empty: none. */
  @IsOptional()
  @Matches(/^(\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*|loopback|uniquelocal|linklocal)$/, {
    message: 'must be a number of hops, or proxy addresses/CIDRs separated by commas',
  })
  TRUST_PROXY: string | undefined = undefined;

  /** Origins allowed to call the API from a browser (comma-separated, e.g. https://admin.cmi.example); empty: none. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, { message: 'must be comma-separated http(s):// origins' })
  CORS_ORIGINS: string | undefined = undefined;

  /** First admin, created at start-up when the office has no admin yet (with ADMIN_PASSWORD); never a default password. */
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL: string | undefined = undefined;

  /** The first admin's password (at least 12 characters); read only while no admin exists. */
  @IsOptional()
  @IsString()
  @Length(12, 200)
  ADMIN_PASSWORD: string | undefined = undefined;

  /** Months after the decision (or the closing) before a dossier's documents and scans are deleted, by outcome. */
  @Matches(/^(favourable|refused|closed):\d{1,3}(,(favourable|refused|closed):\d{1,3}){2}$/, {
    message: 'must give favourable, refused and closed, e.g. favourable:6,refused:14,closed:6',
  })
  RETENTION_DOCUMENTS_MONTHS = 'favourable:6,refused:14,closed:6';

  /** Shorter or longer keeping for some document kinds, in months after the decision (e.g. passport:3,identity-photo:3). */
  @IsOptional()
  @Matches(/^[a-z0-9-]+:\d{1,3}(,[a-z0-9-]+:\d{1,3})*$/, { message: 'must be kind:months pairs, e.g. passport:3,identity-photo:3' })
  RETENTION_KIND_MONTHS: string | undefined = undefined;

  /** Months after a student's last dossier ended (and none open) before their personal data is anonymised. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(240)
  RETENTION_ANONYMISE_MONTHS = 36;
}
