import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';
import { patient } from './processes';

/**
 * A real SMTP server in the test process, keeping what it accepts. It can refuse
 * connections for a while, answer a permanent 550 for chosen recipients, or hold its answer
 * to DATA for a while or until released (to kill a worker in the middle of sending). A message
 * counts as delivered only once the server has answered 250 on a live connection, as RFC 5321
 * has it.
 */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  /** When each message was accepted (Date headers only have seconds). */
  private readonly arrivals = new WeakMap<ParsedMail, number>();
  private server!: SMTPServer;
  private refusing = false;
  private holdDataMs = 0;
  private onHold: (() => void) | null = null;
  private paused = false;
  private readonly waiting: { session: string; answer: () => Promise<void> }[] = [];
  /** When the server last saw a client try to deliver (a recipient, a message, an answer). */
  private lastActivity = Date.now();
  private readonly rejected = new Set<string>();
  private readonly closedSessions = new Set<string>();
  port = 0;

  static async start(port = 0): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await sink.listen(port);
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  private listen(port: number): Promise<void> {
    const options: SMTPServerOptions = {
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // closing does not wait for the clients' idle pooled connections
      closeTimeout: 200,
      onConnect: (_session, callback) => (this.refusing ? callback(new Error('421 Service not available, try later')) : callback()),
      onClose: (session) => {
        this.closedSessions.add(session.id);
      },
      onRcptTo: (address, _session, callback) => {
        this.lastActivity = Date.now();
        if (this.rejected.has(address.address)) {
          const error = Object.assign(new Error('550 5.1.1 Mailbox does not exist'), { responseCode: 550 });
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.lastActivity = Date.now();
          const accept = async () => {
            // parsed before the answer: a message whose 250 the client saw is already in `messages`
            // (a test that sees it recorded as sent then finds it here, however slow the machine)
            const mail = await simpleParser(Buffer.concat(chunks));
            // only a message whose 250 reaches a live connection is delivered
            if (this.closedSessions.has(session.id)) return;
            callback();
            this.lastActivity = Date.now();
            this.arrivals.set(mail, Date.now());
            this.messages.push(mail);
          };
          if (this.paused) {
            this.waiting.push({ session: session.id, answer: accept });
            this.onHold?.();
          } else if (this.holdDataMs > 0) {
            this.onHold?.();
            setTimeout(() => void accept(), this.holdDataMs);
          } else void accept();
        });
      },
    };
    this.server = new SMTPServer(options);
    return new Promise((done) => {
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.server.address() as AddressInfo).port;
        done();
      });
    });
  }

  /** Connections are refused (421) until `accept()`; open ones (a client's pool) are dropped, as a restarting server would. */
  refuse(): void {
    this.refusing = true;
    const connections = (this.server as unknown as { connections: Set<{ close(): void }> }).connections;
    for (const connection of connections) connection.close();
  }

  accept(): void {
    this.refusing = false;
  }

  /** Answers 550 to mail for this address. */
  reject(address: string): void {
    this.rejected.add(address);
  }

  /** Holds the answer to DATA this long; `onHeld` is called when a message is being held. */
  hold(ms: number, onHeld?: () => void): void {
    this.holdDataMs = ms;
    this.onHold = onHeld ?? null;
  }

  /** Holds every answer to DATA until `release()`; `onHeld` is called when a message is being held. */
  pause(onHeld?: () => void): void {
    this.paused = true;
    this.onHold = onHeld ?? null;
  }

  /** Messages waiting for their answer whose connection is still open. */
  held(): number {
    return this.waiting.filter((w) => !this.closedSessions.has(w.session)).length;
  }

  /** Answers the held messages (those whose client is gone are not delivered) and stops holding. */
  async release(): Promise<void> {
    this.paused = false;
    this.onHold = null;
    await Promise.all(this.waiting.splice(0).map((w) => w.answer()));
  }

  /** How long since a client last tried to deliver a message here. */
  quietFor(): number {
    return Date.now() - this.lastActivity;
  }

  arrivedAt(mail: ParsedMail): number {
    return this.arrivals.get(mail)!;
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter(sentTo(address));
  }

  async waitFor(count: number, timeoutMs = 15_000, filter: (m: ParsedMail) => boolean = () => true): Promise<ParsedMail[]> {
    const deadline = Date.now() + patient(timeoutMs);
    while (Date.now() < deadline) {
      const found = this.messages.filter(filter);
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`expected ${count} message(s) at the SMTP sink, got ${this.messages.filter(filter).length}`);
  }

  close(): Promise<void> {
    // held messages of a closing server are never answered
    this.waiting.splice(0);
    this.paused = false;
    return new Promise((done) => this.server.close(() => done()));
  }
}

/** Whether a message received by the sink was addressed to `address`. */
export const sentTo = (address: string) => (mail: ParsedMail) => [mail.to].flat().some((t) => t?.value.some((v) => v.address === address));

/** The notification a message was sent for, from the Message-ID the worker gives it (`<notification id@domain>`). */
export const notificationIdOf = (mail: ParsedMail): string | null => /^<?([0-9a-f-]{36})@/i.exec(mail.messageId ?? '')?.[1]?.toLowerCase() ?? null;
