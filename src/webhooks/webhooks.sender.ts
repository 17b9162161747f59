import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { AttemptOutcome, outcomeOf } from './webhooks.model';
import { AddressCheck, checkAddress, ResolvedAddress, Resolver, systemResolver } from './webhooks.address';

/** The receiver's answer kept (last_body): its first bytes. */
const BODY_KEPT = 2_000;

/** An answer's first bytes as text PostgreSQL takes: bytes that are not UTF-8 read as U+FFFD, and NUL (which text refuses) too. */
export function keptText(bytes: Buffer): string {
  return bytes.toString('utf8').replaceAll('\u0000', '\ufffd').slice(0, BODY_KEPT);
}

export interface SignedRequest {
  url: string;
  /** The delivery's id: webhook-id, the same at every try. */
  messageId: string;
  secret: string;
  body: string;
}

export interface SendOptions {
  timeoutMs: number;
  allowedHosts: ReadonlySet<string>;
  resolve?: Resolver;
  now?: Date;
}

/** The Standard Webhooks headers of a body: webhook-id, webhook-timestamp, webhook-signature (v1,<base64 HMAC-SHA256>). */
export function signedHeaders(request: Pick<SignedRequest, 'messageId' | 'secret' | 'body'>, at: Date): Record<string, string> {
  const signature = new Webhook(request.secret).sign(request.messageId, at, request.body);
  return {
    'content-type': 'application/json',
    'user-agent': 'Passerelle-Webhooks/1',
    'webhook-id': request.messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/**
 * One attempt: the address checked again (it may resolve elsewhere since the subscription),
 * the connection made to the address checked (pinned, no second DNS answer), the body signed
 * and POSTed; no redirect followed (a 3xx is a failure), the answer's first bytes kept, the
 * whole at most `timeoutMs`. A refused address is a failed attempt like any other.
 */
export async function sendWebhook(request: SignedRequest, options: SendOptions): Promise<AttemptOutcome> {
  const checked: AddressCheck = await checkAddress(request.url, options.allowedHosts, options.resolve ?? systemResolver);
  if (!checked.ok) return { kind: 'failed', status: null, body: null, error: `adresse refusée : ${checked.reason}` };
  const url = new URL(request.url);
  const pinned = checked.addresses[0]!;
  const headers = signedHeaders(request, options.now ?? new Date());
  try {
    const { status, body } = await post(url, pinned, headers, request.body, options.timeoutMs);
    return outcomeOf(status, body);
  } catch (error) {
    return { kind: 'failed', status: null, body: null, error: (error as Error).message.slice(0, 500) };
  }
}

function post(url: URL, pinned: ResolvedAddress, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = client.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < BODY_KEPT) chunks.push(chunk);
          size += chunk.length;
          if (size >= BODY_KEPT) res.destroy();
        });
        const done = () => finish(() => resolve({ status: res.statusCode ?? 0, body: keptText(Buffer.concat(chunks)) }));
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish(() => reject(new Error(`no answer within ${timeoutMs} ms`)));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish(() => reject(error)));
    req.end(body);
  });
}
