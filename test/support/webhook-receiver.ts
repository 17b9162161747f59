import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** How the receiver answers: 2xx, an error status, never (the sender times out). */
export type ReceiverMode = { answer: number } | 'hang';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** What it was answered (null: never answered). */
  answered: number | null;
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1 (tests): records every request, answers as told, and can go
 * down (its port closed: connections refused) and come back on the same port.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  mode: ReceiverMode = { answer: 200 };
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(public port: number) {}

  static async start(mode: ReceiverMode = { answer: 200 }): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(0);
    receiver.mode = mode;
    await receiver.up();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Listening (again, on the same port once it had one). */
  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const mode = this.mode;
        const entry: Received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: null, at: Date.now() };
        this.received.push(entry);
        if (mode === 'hang') return;
        entry.answered = mode.answer;
        res.writeHead(mode.answer, { 'content-type': 'text/plain' }).end(`answer ${mode.answer}`);
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Down: the port closed, the connections open (a hung one too) cut. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
