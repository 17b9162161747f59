import { randomBytes } from 'node:crypto';
import {
  historyPayload,
  newSecret,
  outcomeOf,
  parseSchedule,
  pauseReason,
  shouldPause,
  wants,
  webhookEventOf,
  webhookRetryDelay,
  WEBHOOK_EVENTS,
} from './webhooks.model';

const row = (event: string, fromStatus: string | null, toStatus: string | null) => ({ id: '42', event, fromStatus, toStatus });

describe('webhookEventOf', () => {
  it.each([
    ['opened', null, 'received', 'dossier.opened'],
    ['complement_requested', 'received', 'incomplete', 'complement.requested'],
    ['complement_received', 'incomplete', 'received', 'documents.received'],
    ['document_sent_by_student', null, null, 'documents.received'],
    ['forwarded', 'verified', 'forwarded', 'dossier.forwarded'],
    ['decided', 'forwarded', 'decided', 'dossier.decided'],
    ['closed', 'decided', 'closed', 'dossier.closed'],
    ['verified', 'received', 'verified', 'dossier.status_changed'],
    ['reopened', 'closed', 'received', 'dossier.status_changed'],
  ])('%s (%s → %s) is %s', (event, from, to, expected) => {
    expect(webhookEventOf(row(event, from, to))).toBe(expected);
  });

  it('is nothing for a row that changes no status and is no event of its own', () => {
    expect(webhookEventOf(row('note', null, null))).toBeNull();
    expect(webhookEventOf(row('details_changed', 'received', 'received'))).toBeNull();
    expect(webhookEventOf(row('summons', 'forwarded', null))).toBeNull();
  });

  it('gives only types of the published list', () => {
    for (const event of ['opened', 'verified', 'closed']) expect(WEBHOOK_EVENTS).toContain(webhookEventOf(row(event, 'received', 'verified')));
  });
});

describe('historyPayload', () => {
  const dossier = { dossierId: 'd1', reference: 'CMI-2026-000001', status: 'verified', procedureCode: 'vls-ts', institutionId: 'i1' };

  it('holds ids and statuses, the previous status when it changed', () => {
    const body = historyPayload('dossier.status_changed', dossier, row('verified', 'received', 'verified'), new Date('2026-12-15T10:00:00Z'));
    expect(body).toEqual({
      type: 'dossier.status_changed',
      timestamp: '2026-12-15T10:00:00.000Z',
      data: {
        dossierId: 'd1',
        reference: 'CMI-2026-000001',
        status: 'verified',
        previousStatus: 'received',
        procedureCode: 'vls-ts',
        institutionId: 'i1',
        historyId: '42',
      },
    });
  });

  it('has no previous status for an opening', () => {
    expect(historyPayload('dossier.opened', dossier, row('opened', null, 'received'), new Date()).data).not.toHaveProperty('previousStatus');
  });
});

describe('wants', () => {
  it('is told of its event types only, of every institution or of those it names', () => {
    expect(wants({ events: ['dossier.opened'], institutionIds: [] }, 'dossier.opened', 'i1')).toBe(true);
    expect(wants({ events: ['dossier.opened'], institutionIds: [] }, 'dossier.closed', 'i1')).toBe(false);
    expect(wants({ events: ['dossier.opened'], institutionIds: ['i2'] }, 'dossier.opened', 'i1')).toBe(false);
    expect(wants({ events: ['dossier.opened'], institutionIds: ['i1', 'i2'] }, 'dossier.opened', 'i1')).toBe(true);
  });
});

describe('the retry schedule', () => {
  const schedule = parseSchedule('5000,300000,1800000,7200000,18000000,36000000,36000000');

  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about a day', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => webhookRetryDelay(n, schedule))).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(24);
    expect(total / 3_600_000).toBeLessThan(30);
  });

  it('repeats its last wait, and reads spaces', () => {
    expect(webhookRetryDelay(12, [10, 20])).toBe(20);
    expect(parseSchedule(' 10, 20 ,30')).toEqual([10, 20, 30]);
  });
});

describe('an attempt’s outcome and the pause', () => {
  it('is delivered on 2xx, gone on 410, failed otherwise', () => {
    expect(outcomeOf(200, '').kind).toBe('delivered');
    expect(outcomeOf(204, '').kind).toBe('delivered');
    expect(outcomeOf(410, '').kind).toBe('gone');
    for (const status of [199, 301, 400, 404, 500, 503]) expect(outcomeOf(status, '').kind).toBe('failed');
  });

  it('pauses at the number of failures in a row configured', () => {
    expect(shouldPause(4, 5)).toBe(false);
    expect(shouldPause(5, 5)).toBe(true);
    expect(pauseReason({ kind: 'failures', count: 5 })).toBe('Suspendu après 5 livraisons échouées d’affilée (toutes les tentatives épuisées).');
  });

  it('draws secrets whsec_ and 32 bytes in base64', () => {
    const secret = newSecret(randomBytes);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
  });
});
