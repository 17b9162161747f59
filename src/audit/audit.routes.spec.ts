import 'reflect-metadata';
import { Controller, Delete, Get, Patch, Post, Type } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../auth/auth.decorators';
import { Audit, AuditsItself } from './audit.decorators';
import { AuditDeclarationError, AuditedRoute, auditedRoutes, auditProblems, AuditRoutesCheck } from './audit.routes';

/**
 * What the audit stores for every route of the API, committed: stored rows and supervisors'
 * queries rely on these names, so a change here is a change of the trail, made on purpose.
 * `null`: not audited; a route that writes its own event names it in its service.
 */
const TRAIL: Record<string, readonly [action: string, kind: string] | 'writes its own' | null> = {
  'DELETE /api/api-keys/:id': ['api_key.revoke', 'change'],
  'DELETE /api/dossiers/:id/student-link': ['dossier.student-link', 'change'],
  'DELETE /api/email-templates/:key': ['email_template.revert', 'change'],
  'DELETE /api/student/session': null,
  'DELETE /api/students/:id': 'writes its own',
  'GET /api/agents': null,
  'GET /api/agents/:id': null,
  'GET /api/api-keys': null,
  'GET /api/api-keys/:id': null,
  'GET /api/audit': null,
  'GET /api/auth/me': null,
  'GET /api/dashboard': null,
  'GET /api/dossiers': ['dossier.list', 'view'],
  'GET /api/dossiers/:id': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/checklist': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/complement-requests': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/documents': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/documents/:documentId/files/:fileId': ['dossier.export', 'export'],
  'GET /api/dossiers/:id/messages': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/messages/:messageId/attachments/:attachmentId': ['dossier.export', 'export'],
  'GET /api/dossiers/:id/notes': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/notifications': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/notifications/:notificationId': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/student-link': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/summons': ['dossier.view', 'view'],
  'GET /api/dossiers/:id/timeline': ['dossier.view', 'view'],
  'GET /api/email-templates': null,
  'GET /api/email-templates/:key': null,
  'GET /api/institutions': null,
  'GET /api/institutions/:id': null,
  'GET /api/office': null,
  'GET /api/procedures': null,
  'GET /api/procedures/:code': null,
  'GET /api/student/dossier': ['dossier.student-view', 'view'],
  'GET /api/student/dossier/documents/:documentId/files/:fileId': ['dossier.student-download', 'view'],
  'GET /api/student/dossier/messages': ['dossier.student-view', 'view'],
  'GET /api/student/dossier/messages/:messageId/attachments/:attachmentId': ['dossier.student-download', 'view'],
  'GET /api/student/session': ['dossier.student-view', 'view'],
  'GET /api/students': ['student.list', 'view'],
  'GET /api/students/:id': ['student.view', 'view'],
  'GET /api/students/:id/export': 'writes its own',
  'GET /api/transmissions': ['transmission.list', 'view'],
  'GET /api/transmissions/:id': ['transmission.view', 'view'],
  'GET /api/transmissions/:id/slip.csv': ['transmission.export', 'export'],
  'GET /api/transmissions/:id/slip.html': ['transmission.export', 'export'],
  'GET /api/transmissions/slips/:ticket': null,
  'GET /api/webhooks': null,
  'GET /api/webhooks/:id': null,
  'GET /api/webhooks/:id/deliveries': null,
  'POST /api/webhooks': ['webhook.create', 'change'],
  'POST /api/webhooks/:id/deliveries/:deliveryId/retry': ['webhook.retry-delivery', 'change'],
  'POST /api/webhooks/:id/pause': ['webhook.pause', 'change'],
  'POST /api/webhooks/:id/resume': ['webhook.resume', 'change'],
  'POST /api/webhooks/:id/rotate-secret': ['webhook.rotate-secret', 'change'],
  'GET /api/workflow/transitions': null,
  'GET /health/live': null,
  'GET /health/ready': null,
  'GET /problems/:type': null,
  'PATCH /api/agents/:id': ['agent.update', 'change'],
  'PATCH /api/dossiers/:id': ['dossier.update', 'change'],
  'PATCH /api/dossiers/:id/documents/:documentId': ['dossier.change', 'change'],
  'PATCH /api/institutions/:id': ['institution.update', 'change'],
  'PATCH /api/students/:id': ['student.update', 'change'],
  'POST /api/agents': ['agent.create', 'change'],
  'POST /api/api-keys': ['api_key.create', 'change'],
  'POST /api/auth/login': null,
  'POST /api/auth/logout': null,
  'POST /api/auth/password': null,
  'POST /api/auth/refresh': null,
  'POST /api/dossiers': ['dossier.open', 'change'],
  'POST /api/dossiers/:id/card-events': ['dossier.card', 'change'],
  'POST /api/dossiers/:id/complement-requests': ['dossier.requestComplement', 'change'],
  'POST /api/dossiers/:id/complement-requests/preview': ['dossier.previewComplement', 'change'],
  'POST /api/dossiers/:id/documents': ['dossier.record', 'change'],
  'POST /api/dossiers/:id/messages': ['dossier.message', 'change'],
  'POST /api/dossiers/:id/messages/read': ['dossier.messages-read', 'change'],
  'POST /api/dossiers/:id/notes': ['dossier.note', 'change'],
  'POST /api/dossiers/:id/notifications/:notificationId/retry': ['dossier.retry', 'change'],
  'POST /api/dossiers/:id/student-link': ['dossier.student-link', 'change'],
  'POST /api/dossiers/:id/summons': ['dossier.summon', 'change'],
  'POST /api/dossiers/:id/transitions': ['dossier.transition', 'change'],
  'POST /api/email-templates/:key/preview': ['email_template.preview', 'change'],
  'POST /api/institutions': ['institution.create', 'change'],
  'POST /api/procedures/:code/versions': ['procedure.publish', 'change'],
  'POST /api/student/dossier/items/:slot/files': ['dossier.student-upload', 'change'],
  'POST /api/student/dossier/messages': ['dossier.student-message', 'change'],
  'POST /api/student/link-request': 'writes its own',
  'POST /api/student/session': null,
  'POST /api/students': ['student.create', 'change'],
  'POST /api/transmissions': ['transmission.create', 'change'],
  'POST /api/transmissions/:id/slip-links': ['transmission.slipLink', 'change'],
  'PUT /api/dossiers/:id/assignee': ['dossier.assign', 'change'],
  'PUT /api/email-templates/:key': ['email_template.update', 'change'],
  'PUT /api/office': ['office.replace', 'change'],
};

/** Every controller of src/, as its files export them. */
async function everyController(): Promise<Type[]> {
  const root = join(__dirname, '..');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.controller.ts'));
  const modules = await Promise.all(files.map((file) => import(join(root, file)) as Promise<Record<string, unknown>>));
  return modules.flatMap((exported) =>
    Object.values(exported).filter((value): value is Type => typeof value === 'function' && Reflect.hasMetadata('path', value)),
  );
}

describe('the audit of the routes', () => {
  let routes: AuditedRoute[];

  beforeAll(async () => {
    routes = auditedRoutes(await everyController());
  });

  it('records for each route the action committed here, whatever its handler is called', () => {
    const trail = Object.fromEntries(routes.map((r) => [r.route, r.writesItself ? 'writes its own' : r.audit && [r.audit.action, r.audit.kind]]));
    expect(trail).toEqual(TRAIL);
  });

  it('finds every route the audit covers declaring an action it can record', () => {
    expect(routes.length).toBe(Object.keys(TRAIL).length);
    expect(auditProblems(routes)).toEqual([]);
  });
});

describe('auditProblems', () => {
  @Controller('api/dossiers/:id')
  class Undeclared {
    @Post('card-events')
    card() {}

    @Get('summons')
    summonses() {}

    @Get('export')
    @AuditsItself()
    export() {}
  }

  @Controller('api/agents')
  class Unaudited {
    @Get()
    list() {}
  }

  it('names each route the audit covers that declares no action, and no other', () => {
    expect(auditProblems(auditedRoutes([Undeclared, Unaudited]))).toEqual([
      "POST /api/dossiers/:id/card-events (Undeclared.card) declares no audit action: add @Audit('<resource>.<action>'), or @AuditsItself() when it writes its own",
      "GET /api/dossiers/:id/summons (Undeclared.summonses) declares no audit action: add @Audit('<resource>.<action>'), or @AuditsItself() when it writes its own",
    ]);
  });

  @Controller('api/transmissions')
  class Misdeclared {
    @Get('slips/:ticket')
    @Public()
    @Audit('transmission.export', { kind: 'export' })
    byLink() {}

    @Delete(':id')
    @AuditsItself()
    @Audit('transmission.erase')
    erase() {}

    @Patch(':id')
    @Audit('transmission.update', { kind: 'view' })
    update() {}

    @Get(':id/slip.csv')
    @Audit('transmission.csv', { kind: 'export' })
    csv() {}

    @Get(':id/slip.html')
    @Audit('transmission.export')
    html() {}

    @Get('agents')
    @Audit('agent.list')
    agents() {}
  }

  it('refuses a declaration the audit cannot honour', () => {
    expect(auditProblems(auditedRoutes([Misdeclared]))).toEqual([
      'GET /api/transmissions/slips/:ticket (Misdeclared.byLink) is public: there is no agent to record transmission.export for (the route writes its own event, @AuditsItself)',
      'DELETE /api/transmissions/:id (Misdeclared.erase) declares transmission.erase and also writes its own event: it would be recorded twice',
      'PATCH /api/transmissions/:id (Misdeclared.update) is recorded as a view: a GET is a view or an export, any other method a change',
      'GET /api/transmissions/:id/slip.csv (Misdeclared.csv) records transmission.csv as an export: an export is <resource>.export, the action supervisors look for',
      'GET /api/transmissions/:id/slip.html (Misdeclared.html) records transmission.export as a view: an export is <resource>.export, the action supervisors look for',
      'GET /api/transmissions/agents (Misdeclared.agents) records agent.list: only the reads of dossiers, students and transmissions show students to record',
    ]);
  });

  it('stops the application at start-up, naming the route', () => {
    const discovery = { getControllers: () => [{ metatype: Undeclared }] } as unknown as DiscoveryService;
    const check = new AuditRoutesCheck(discovery, new Reflector());
    expect(() => check.onModuleInit()).toThrow(AuditDeclarationError);
    expect(() => check.onModuleInit()).toThrow(/POST \/api\/dossiers\/:id\/card-events \(Undeclared\.card\) declares no audit action/);
  });
});
