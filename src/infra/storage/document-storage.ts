import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';

export interface StoredObject {
  key: string;
  sizeBytes: number;
  sha256: string;
}

/** Where document scans live. Services depend on this, not on the file system. */
export abstract class DocumentStorage {
  /** Streams the bytes into storage, hashing and counting them; nothing is kept if the stream fails. */
  abstract save(bytes: Readable): Promise<StoredObject>;
  abstract open(key: string): Promise<Readable>;
  abstract remove(key: string): Promise<void>;
}

export class StoredObjectMissing extends Error {}

/** The store cannot be reached or refused to work (answered as 503: nothing was recorded). */
export class StorageUnavailable extends Error {}

/** A new key: year/month/uuid, the same in a folder and in a bucket (so scans can move between them). */
export function newStorageKey(now: Date): string {
  return `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
}

export function checkStorageKey(key: string): string {
  if (!/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`not a storage key: ${key}`);
  return key;
}

/** A pass-through stream that hashes (SHA-256) and counts what crosses it. */
export function measuring(): { stream: Transform; result: () => { sizeBytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sizeBytes, sha256: hash.digest('hex') }) };
}

/**
 * Scans in a folder (STORAGE_DIR), under year/month/uuid keys. A file is written under a
 * temporary name and renamed once complete, so a crash never leaves half a scan behind a key.
 */
@Injectable()
export class LocalDocumentStorage extends DocumentStorage {
  private readonly root: string;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
    this.root = resolve(config.STORAGE_DIR);
  }

  async save(bytes: Readable): Promise<StoredObject> {
    const key = newStorageKey(this.clock.now());
    const path = this.pathOf(key);
    const partial = `${path}.partial`;
    await mkdir(dirname(path), { recursive: true });
    const measure = measuring();
    try {
      await pipeline(bytes, measure.stream, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { key, ...measure.result() };
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch {
      throw new StoredObjectMissing(`no stored object ${key}`);
    }
    return createReadStream(path);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    return join(this.root, checkStorageKey(key));
  }
}
