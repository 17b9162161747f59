import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A real S3-protocol server in the test process (s3rver: the S3 REST API over HTTP, signatures
 * checked, objects on disk in a temporary folder), with one bucket. It can be stopped and
 * started again on the same port and folder (a store down, then back), and keeps the headers
 * of the requests it received.
 * s3rver because it is on npm (MinIO and Garage ship binaries this machine cannot download).
 */
export class S3Server {
  static readonly ACCESS_KEY = 'S3RVER';
  static readonly SECRET_KEY = 'S3RVER';
  readonly requests: { method: string; path: string; headers: IncomingHttpHeaders }[] = [];
  private server: S3rver | null = null;
  private httpServer: Server | null = null;
  port = 0;

  private constructor(
    readonly bucket: string,
    private readonly directory: string,
  ) {}

  static async start(bucket = 'passerelle-scans'): Promise<S3Server> {
    const s3 = new S3Server(bucket, mkdtempSync(join(tmpdir(), 'passerelle-s3-')));
    await s3.resume();
    return s3;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The environment that points Passerelle at this store (STORAGE_URL with an optional key prefix). */
  env(prefix = ''): Record<string, string> {
    return {
      STORAGE_URL: `s3://${this.bucket}${prefix ? `/${prefix}` : ''}`,
      S3_ENDPOINT: this.endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: S3Server.ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: S3Server.SECRET_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    };
  }

  /** Starts (again) on the same port and folder: what was stored is still there. */
  async resume(): Promise<void> {
    const server = new S3rver({ port: this.port, address: '127.0.0.1', silent: true, directory: this.directory, configureBuckets: [{ name: this.bucket }] });
    // first in the chain, so every request is seen, whatever s3rver answers
    server.middleware.unshift(async (ctx: { method: string; path: string; headers: IncomingHttpHeaders }, next: () => Promise<void>) => {
      this.requests.push({ method: ctx.method, path: ctx.path, headers: ctx.headers });
      await next();
    });
    this.port = (await server.run()).port;
    this.httpServer = server.httpServer;
    this.server = server;
  }

  /** Stops answering: connections are refused until `resume()`. */
  async stop(): Promise<void> {
    const httpServer = this.httpServer;
    if (!httpServer) return;
    this.httpServer = this.server = null;
    await new Promise<void>((done) => {
      httpServer.close(() => done());
      httpServer.closeAllConnections();
    });
  }

  /** Keys stored in the bucket (in the folder s3rver keeps them in). */
  async keys(): Promise<string[]> {
    if (!this.server) throw new Error('the store is stopped');
    const { objects } = await this.server.store.listObjects(this.bucket, { maxKeys: 10_000 });
    return objects.map((o) => o.key);
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
