import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface BroadcastOptions {
  url: string;
  /** REDIS_PREFIX: the channels are `<prefix>:<topic>` and `<prefix>:<topic>:ack:<process>`. */
  prefix: string;
  topic: string;
  /** How long `publish` waits for the listening processes to acknowledge. */
  ackTimeoutMs?: number;
  /** How often the subscriber's connection is checked (PING): a silent dead link stops `listening`. */
  heartbeatMs?: number;
}

interface Envelope<M> {
  from: string;
  seq: number;
  message: M;
}

interface Waiting {
  acks: number;
  expected: number | null;
  done: () => void;
}

/**
 * Messages to every process listening on a topic, over Redis pub/sub, each acknowledged:
 * `publish` resolves once every process that received the message has applied it (or after a
 * bounded wait), so what the publisher answers next already holds in every process. The
 * subscriber has a connection of its own; `listening` is true only while it is subscribed —
 * a process that was not may have missed messages, and is told so (`changed`) both ways.
 */
export class RedisBroadcast<M> {
  private readonly logger = new Logger('Broadcast');
  private readonly id = randomUUID();
  private readonly channel: string;
  private readonly ackChannel: string;
  private subscriber: Redis | null = null;
  private publisher: Redis | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private subscribed = false;
  private connection = 0;
  private sequence = 0;
  private lastErrorLog = 0;
  private readonly waiting = new Map<number, Waiting>();
  private handler: (message: M) => void = () => undefined;
  private changed: (listening: boolean) => void = () => undefined;
  private readonly subscribedWaiters = new Set<() => void>();

  constructor(private readonly options: BroadcastOptions) {
    this.channel = `${options.prefix}:${options.topic}`;
    this.ackChannel = `${this.channel}:ack:${this.id}`;
  }

  /** Whether this process is subscribed now (every message published from now on reaches it). */
  get listening(): boolean {
    return this.subscribed;
  }

  /** Starts listening (once): `handler` applies each message of another process; `changed` hears when listening starts or stops. */
  listen(handler: (message: M) => void, changed: (listening: boolean) => void): void {
    this.handler = handler;
    this.changed = changed;
    this.start();
  }

  /**
   * Sends a message to every listening process and waits until each has applied it (this
   * process applies its own before publishing). Resolves with how many received it and how
   * many said so in time; rejects if Redis could not be reached within the time limit.
   */
  async publish(message: M): Promise<{ receivers: number; acknowledged: number }> {
    this.start();
    const limit = this.options.ackTimeoutMs ?? 2_000;
    // the acknowledgements come to our subscriber: be subscribed first, or none would be heard
    await this.untilSubscribed(limit);
    const hearing = this.subscribed;
    const seq = ++this.sequence;
    let timer: NodeJS.Timeout | undefined;
    const entry: Waiting = { acks: 0, expected: null, done: () => undefined };
    const acknowledged = new Promise<void>((resolve) => (entry.done = resolve));
    this.waiting.set(seq, entry);
    try {
      const envelope: Envelope<M> = { from: this.id, seq, message };
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${limit} ms`)), limit);
      });
      // acknowledgements may come before PUBLISH's own answer: they are counted from now on
      entry.expected = await Promise.race([this.publisher!.publish(this.channel, JSON.stringify(envelope)), timeout]);
      if (!hearing) return { receivers: entry.expected, acknowledged: 0 };
      if (entry.acks >= entry.expected) entry.done();
      await Promise.race([acknowledged, timeout.catch(() => undefined)]);
      return { receivers: entry.expected, acknowledged: Math.min(entry.acks, entry.expected) };
    } finally {
      clearTimeout(timer);
      this.waiting.delete(seq);
    }
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.connection++;
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
    this.subscriber = this.publisher = null;
    this.setSubscribed(false);
  }

  private start(): void {
    if (this.subscriber) return;
    const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2_000);
    this.publisher = new Redis(this.options.url, { connectionName: 'passerelle-broadcast', maxRetriesPerRequest: 1, retryStrategy });
    // resubscribed by hand on each connection, so that `listening` turns true only once SUBSCRIBE is confirmed
    const subscriber = new Redis(this.options.url, {
      connectionName: 'passerelle-broadcast-sub',
      autoResubscribe: false,
      maxRetriesPerRequest: null,
      retryStrategy,
    });
    this.subscriber = subscriber;
    for (const client of [this.publisher, subscriber])
      client.on('error', (error: Error) => this.warn(`Redis unavailable for ${this.channel}: ${error.message}`));
    subscriber.on('ready', () => {
      const connection = this.connection;
      subscriber.subscribe(this.channel, this.ackChannel).then(
        () => {
          if (connection === this.connection && subscriber.status === 'ready') this.setSubscribed(true);
        },
        (error: Error) => {
          this.warn(`Could not subscribe to ${this.channel}: ${error.message}`);
          subscriber.disconnect(true);
        },
      );
    });
    subscriber.on('close', () => {
      this.connection++;
      this.setSubscribed(false);
    });
    subscriber.on('message', (channel: string, text: string) => this.receive(channel, text));
    const every = this.options.heartbeatMs ?? 5_000;
    this.heartbeat = setInterval(() => this.checkConnection(subscriber, every), every);
    this.heartbeat.unref();
  }

  /** A subscriber whose link died without a word (no FIN, no RST) would believe itself listening: it must answer a PING in time. */
  private checkConnection(subscriber: Redis, within: number): void {
    if (!this.subscribed) return;
    const connection = this.connection;
    const timer = setTimeout(() => {
      if (connection !== this.connection || this.subscriber !== subscriber) return;
      this.warn(`No answer from Redis on ${this.channel} within ${within} ms: reconnecting`);
      subscriber.disconnect(true);
    }, within);
    timer.unref();
    subscriber.ping().then(
      () => clearTimeout(timer),
      () => undefined,
    );
  }

  private receive(channel: string, text: string): void {
    if (channel === this.ackChannel) return this.acknowledge(Number(text));
    if (channel !== this.channel) return;
    let envelope: Envelope<M>;
    try {
      envelope = JSON.parse(text) as Envelope<M>;
    } catch {
      return this.warn(`An unreadable message on ${this.channel} was ignored`);
    }
    // our own message comes back too: applied before publishing, it counts as our acknowledgement
    if (envelope.from === this.id) return this.acknowledge(envelope.seq);
    this.handler(envelope.message);
    this.publisher
      ?.publish(`${this.channel}:ack:${envelope.from}`, String(envelope.seq))
      .catch((error: Error) => this.warn(`Could not acknowledge: ${error.message}`));
  }

  private acknowledge(seq: number): void {
    const entry = this.waiting.get(seq);
    if (!entry) return;
    entry.acks++;
    if (entry.expected !== null && entry.acks >= entry.expected) entry.done();
  }

  private setSubscribed(subscribed: boolean): void {
    if (this.subscribed === subscribed) return;
    this.subscribed = subscribed;
    this.changed(subscribed);
    if (subscribed) for (const wake of this.subscribedWaiters) wake();
  }

  private async untilSubscribed(limitMs: number): Promise<void> {
    if (this.subscribed) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.subscribedWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, limitMs);
      this.subscribedWaiters.add(wake);
    });
  }

  private warn(message: string): void {
    // while Redis is down this repeats every few hundred ms: once a minute is enough
    const now = Date.now(); // log throttling: the wall clock's time, not the office's
    if (now - this.lastErrorLog < 60_000) return;
    this.lastErrorLog = now;
    this.logger.warn(message);
  }
}
