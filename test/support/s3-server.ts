import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo, createServer, Socket } from 'node:net';
import S3rver from 's3rver';

interface StoreRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  headers: IncomingHttpHeaders;
  status: number;
  type: string;
  body: unknown;
}

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
  /** While true, the parts of multipart uploads are answered 500 (a store failing in the middle of a scan). */
  refuseParts = false;
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
    server.middleware.unshift(async (ctx: StoreRequest, next: () => Promise<void>) => {
      this.requests.push({ method: ctx.method, path: ctx.path, headers: ctx.headers });
      if (this.refuseParts && ctx.method === 'PUT' && ctx.query.partNumber) {
        ctx.status = 500;
        ctx.type = 'application/xml';
        ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>refused by the test</Message></Error>';
        return;
      }
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

  /** A server at another port that accepts connections and never answers (a store hung). */
  static async silent(): Promise<{ endpoint: string; close: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
    };
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
