import { Readable, pipeline } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { checkStorageKey, DocumentStorage, measuring, newStorageKey, StorageUnavailable, StoredObject, StoredObjectMissing } from './document-storage';

/** Parts of a multipart upload: S3's smallest; at most PART_QUEUE parts of a scan are held in memory at once. */
const PART_BYTES = 5 * 1024 * 1024;
const PART_QUEUE = 2;

/** The bucket and key prefix of `s3://bucket/prefix` ("" or "prefix/"). */
export function parseStorageUrl(url: string): { bucket: string; prefix: string } {
  const { host, pathname } = new URL(url);
  const prefix = pathname.replace(/^\/+|\/+$/g, '');
  return { bucket: host, prefix: prefix ? `${prefix}/` : '' };
}

export function s3ClientConfig(config: AppConfig): S3ClientConfig {
  return {
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    ...(config.S3_ACCESS_KEY_ID && { credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '' } }),
    // checksums only where S3 requires them: the SDK's default CRC32 trailers are refused by many S3-compatible stores
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // a store that does not answer fails the request (503 to the client) instead of holding it:
    // silence, not length, is measured (a large scan to a slow client is not cut)
    requestHandler: { connectionTimeout: Math.min(5_000, config.S3_TIMEOUT_MS), socketTimeout: config.S3_TIMEOUT_MS },
    maxAttempts: 3,
  };
}

/**
 * Scans in an S3-compatible bucket (STORAGE_URL=s3://bucket/prefix), under the same
 * year/month/uuid keys as the folder. Uploads stream in parts (a scan is never whole in
 * memory), hashed on the way; an upload that fails is aborted, so no half scan is left.
 */
@Injectable()
export class S3DocumentStorage extends DocumentStorage implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DocumentStorage');
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  /** Loads the AWS SDK (large: only processes that use a bucket pay for it) and builds the store. */
  static async create(config: AppConfig, clock: Clock): Promise<S3DocumentStorage> {
    if (Number(process.versions.node.split('.')[0]) < 22) {
      // the SDK would print its own multi-line warning on stderr, outside the JSON log
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
      new Logger('DocumentStorage').warn('AWS SDK releases after January 2027 need Node.js 22: the Docker image has it, upgrade this host');
    }
    return new S3DocumentStorage(config, clock, { ...(await import('@aws-sdk/client-s3')), ...(await import('@aws-sdk/lib-storage')) });
  }

  private constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sdk: typeof import('@aws-sdk/client-s3') & typeof import('@aws-sdk/lib-storage'),
  ) {
    super();
    ({ bucket: this.bucket, prefix: this.prefix } = parseStorageUrl(config.STORAGE_URL!));
    this.client = new sdk.S3Client(s3ClientConfig(config));
  }

  /** Says at start-up when the bucket cannot be reached, without waiting for it: reading dossiers needs no store. */
  onModuleInit(): void {
    this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket })).catch((error: unknown) => {
      this.logger.warn({ err: error, bucket: this.bucket }, 'the object store does not answer for this bucket: scans cannot be stored or read until it does');
    });
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }

  async save(bytes: Readable): Promise<StoredObject> {
    const key = newStorageKey(this.clock.now());
    const measure = measuring();
    // the client's stream failing (size limit, request cut) is the client's; its being cut because the store failed is not
    let inputError: Error | undefined;
    bytes.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE' && error.name !== 'AbortError') inputError ??= error;
    });
    const body = pipeline(bytes, measure.stream, () => undefined);
    const encryption = this.config.S3_SERVER_SIDE_ENCRYPTION;
    const upload = new this.sdk.Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: this.prefix + key,
        Body: body,
        ...(encryption !== 'none' && { ServerSideEncryption: encryption }),
        ...(encryption === 'aws:kms' && this.config.S3_KMS_KEY_ID && { SSEKMSKeyId: this.config.S3_KMS_KEY_ID }),
      },
      partSize: PART_BYTES,
      queueSize: PART_QUEUE,
    });
    try {
      await upload.done();
    } catch (error) {
      if (inputError) throw inputError;
      body.destroy();
      throw new StorageUnavailable(`the object store refused scan ${key}`, { cause: error });
    }
    if (inputError) {
      await this.remove(key);
      throw inputError;
    }
    return { key, ...measure.result() };
  }

  async open(key: string): Promise<Readable> {
    try {
      const object = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + checkStorageKey(key) }));
      return object.Body as Readable;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') throw new StoredObjectMissing(`no stored object ${key}`);
      throw new StorageUnavailable(`the object store did not give scan ${key}`, { cause: error });
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + checkStorageKey(key) }));
    } catch (error) {
      throw new StorageUnavailable(`the object store did not delete scan ${key}`, { cause: error });
    }
  }
}
