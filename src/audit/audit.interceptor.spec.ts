import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { lastValueFrom, of } from 'rxjs';
import type { Actor } from '../common/actor';
import { Audit } from './audit.decorators';
import { AuditInterceptor } from './audit.interceptor';
import type { AuditEntry, AuditResource } from './audit.model';
import type { AuditRepository } from './audit.repository';
import type { AuditService } from './audit.service';

const DOSSIER = '01a20883-30f3-76ba-96b4-971684812142';
const STUDENT = '01a20883-30f3-76ba-96b4-971684812143';
const AGENT: Actor = { agentId: '01a20883-30f3-76ba-96b4-971684812144', label: 'Claire', role: 'agent', institutionIds: null };

// handler names that differ on purpose from the actions they record
@Controller('api/dossiers/:id')
class CardRoutes {
  @Post('card-events')
  @Audit('dossier.card')
  markTheCardReady() {}

  @Get('documents/:documentId/files/:fileId')
  @Audit('dossier.export', { kind: 'export' })
  sendTheScan() {}

  @Post('notes')
  unaudited() {}
}

function world() {
  const recorded: AuditEntry[] = [];
  const viewed: AuditEntry[] = [];
  let status = 'verified';
  const audit = { record: (entry: AuditEntry) => Promise.resolve(void recorded.push(entry)), viewed: (entry: AuditEntry) => void viewed.push(entry) };
  const snapshots = { snapshot: (type: AuditResource, id: string) => Promise.resolve({ type, id, status }) };
  const interceptor = new AuditInterceptor(audit as unknown as AuditService, snapshots as unknown as AuditRepository, new Reflector());
  const call = async (handler: keyof CardRoutes, request: { method: string; url: string; actor?: Actor; body?: unknown }, answer: unknown, change?: string) => {
    const http = { id: 'req-1', ip: '192.0.2.1', params: { id: DOSSIER }, subject: { studentId: STUDENT }, routeOptions: { url: request.url }, ...request };
    const context = new ExecutionContextHost([http, {}], CardRoutes, CardRoutes.prototype[handler]);
    context.setType('http');
    const handled = { handle: () => (change && (status = change), of(answer)) };
    const body: unknown = await lastValueFrom(interceptor.intercept(context, handled));
    await new Promise(setImmediate);
    return body;
  };
  return { recorded, viewed, call };
}

describe('AuditInterceptor', () => {
  it('records a change under the action its route declares, whatever its handler is called', async () => {
    const { recorded, viewed, call } = world();
    const answer = { id: DOSSIER, studentId: STUDENT };
    const request = { method: 'POST', url: '/api/dossiers/:id/card-events', actor: AGENT, body: { event: 'ready' } };
    expect(await call('markTheCardReady', request, answer, 'card_ready')).toBe(answer);
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'dossier.card',
        resourceType: 'dossier',
        resourceId: DOSSIER,
        studentIds: [STUDENT, STUDENT],
        details: { route: 'POST /api/dossiers/:id/card-events', request: { event: 'ready' }, changes: { status: { before: 'verified', after: 'card_ready' } } },
      }),
    ]);
    expect(viewed).toEqual([]);
  });

  it('records a read declared as an export under its action, with the students it showed', async () => {
    const { recorded, viewed, call } = world();
    await call('sendTheScan', { method: 'GET', url: '/api/dossiers/:id/documents/:documentId/files/:fileId', actor: AGENT }, Buffer.from('%PDF'));
    expect(viewed).toEqual([
      expect.objectContaining({
        action: 'dossier.export',
        resourceType: 'dossier',
        resourceId: DOSSIER,
        studentIds: [STUDENT],
        details: { route: 'GET /api/dossiers/:id/documents/:documentId/files/:fileId' },
      }),
    ]);
    expect(recorded).toEqual([]);
  });

  it('records nothing for a route without a declared action, nor for a request without an agent', async () => {
    const { recorded, viewed, call } = world();
    await call('unaudited', { method: 'POST', url: '/api/dossiers/:id/notes', actor: AGENT, body: { text: 'x' } }, {});
    await call('markTheCardReady', { method: 'POST', url: '/api/dossiers/:id/card-events', body: { event: 'ready' } }, {});
    expect([...recorded, ...viewed]).toEqual([]);
  });
});
