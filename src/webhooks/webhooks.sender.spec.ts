import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { keptText, sendWebhook } from './webhooks.sender';

const SECRET = `whsec_${Buffer.from('a secret of thirty-two bytes....').toString('base64')}`;

/** One attempt against a receiver on loopback (allowed here), answering as `answer` says. */
describe('sending one webhook', () => {
  let server: Server;
  let url: string;
  let answer: (response: import('node:http').ServerResponse) => void = (response) => response.end();
  let received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        answer(response);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => new Promise((done) => server.close(done)));
  beforeEach(() => (received = []));

  const send = () =>
    sendWebhook(
      { url, messageId: 'msg_0193a1b2c3d4', secret: SECRET, body: '{"type":"dossier.opened"}' },
      { timeoutMs: 5_000, allowedHosts: new Set(['127.0.0.1']) },
    );

  it('signs the body as Standard Webhooks says, which the receiver verifies with the secret', async () => {
    answer = (response) => response.writeHead(204).end();
    expect(await send()).toEqual({ kind: 'delivered', status: 204, body: '' });
    const [{ headers, body }] = received as [(typeof received)[number]];
    expect(new Webhook(SECRET).verify(body, headers as Record<string, string>)).toEqual({ type: 'dossier.opened' });
    expect(headers['webhook-id']).toBe('msg_0193a1b2c3d4');
  });

  it('keeps an answer with NUL bytes as text PostgreSQL takes (a NUL would make recording the attempt fail, and the delivery be sent again)', async () => {
    answer = (response) => response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0x4f, 0x4b, 0x00, 0xff, 0x21]));
    const outcome = await send();
    expect(outcome).toEqual({ kind: 'delivered', status: 200, body: 'OK\ufffd\ufffd!' });
    expect(outcome.body).not.toContain('\u0000');
  });

  it('follows no redirect: a 3xx is a failed attempt, and the address it names is never reached', async () => {
    answer = (response) => response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    expect(await send()).toMatchObject({ kind: 'failed', status: 302, error: 'HTTP 302' });
    expect(received).toHaveLength(1);
  });

  it('keeps the first 2,000 characters of a long answer', () => {
    expect(keptText(Buffer.from('é'.repeat(3_000)))).toHaveLength(2_000);
    expect(keptText(Buffer.from('a\u0000b'))).toBe('a\ufffdb');
  });
});
