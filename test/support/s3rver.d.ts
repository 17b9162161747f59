// s3rver ships no types: what test/support/s3-server.ts uses of it
declare module 's3rver' {
  import type { Server } from 'node:http';
  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    middleware: unknown[];
    httpServer: Server;
    store: { listObjects(bucket: string, options: { maxKeys?: number }): Promise<{ objects: { key: string }[] }> };
    run(): Promise<{ port: number }>;
  }
}
