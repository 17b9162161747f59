import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { toBool, toInt } from './config.validators';
import { WebhookVariables } from './config.webhook-variables';

/** Where document scans are kept: a folder, or an S3-compatible object store (part of AppConfig). */
export class StorageVariables extends WebhookVariables {
  /** Folder where document scans are stored (when STORAGE_URL is unset). */
  @IsString()
  STORAGE_DIR = 'var/storage';

  /** Scans in S3-compatible object storage instead of STORAGE_DIR: s3://bucket or s3://bucket/prefix. */
  @IsOptional()
  @Matches(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()/-]*)?$/, { message: 'must be s3://bucket or s3://bucket/prefix' })
  STORAGE_URL: string | undefined = undefined;

  /** The object store's address (MinIO, Garage, OVH, Scaleway...); unset: AWS S3 of S3_REGION. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  S3_ENDPOINT: string | undefined = undefined;

  /** Region of the bucket. */
  @Matches(/^[a-z0-9-]{2,32}$/, { message: 'must be a region name such as eu-west-3 or fr-par' })
  S3_REGION = 'us-east-1';

  /** Access key of the object store; unset: the SDK's own chain (environment, instance or pod role). */
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID: string | undefined = undefined;

  /** Secret key going with S3_ACCESS_KEY_ID. */
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY: string | undefined = undefined;

  /** Path-style addresses (endpoint/bucket/key), which MinIO and most self-hosted stores need. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Server-side encryption asked of the store for each scan: AES256, aws:kms, or none. */
  @IsIn(['none', 'AES256', 'aws:kms'])
  S3_SERVER_SIDE_ENCRYPTION: 'none' | 'AES256' | 'aws:kms' = 'none';

  /** How long the store may stay silent in a request (connecting, answering, taking or giving a scan) before it fails with a 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  S3_TIMEOUT_MS = 20_000;

  /** KMS key for aws:kms encryption; unset: the bucket's default key. */
  @IsOptional()
  @IsString()
  S3_KMS_KEY_ID: string | undefined = undefined;
}
