/**
 * What the workflow services' specs share: the three services wired to fake repositories and
 * services (no database), one dossier they move, a checklist the test decides, and what was
 * written. Not a spec itself (specs end in .spec.ts).
 */
import { Logger } from '@nestjs/common';
import { TestClock } from '../../test/support/test-clock';
import type { ProcedureDefinition } from '../catalog/catalog.model';
import type { CatalogService } from '../catalog/catalog.service';
import type { ChecklistResponse } from '../checklist/checklist.dto';
import type { ChecklistService } from '../checklist/checklist.service';
import type { Actor } from '../common/actor';
import { DossierEvents } from '../common/dossier-events';
import { ProblemException } from '../common/problem';
import type { AppConfig } from '../config/app-config';
import type { DossierWithStudent } from '../dossiers/dossiers.model';
import type { DossiersService } from '../dossiers/dossiers.service';
import type { NotificationsService } from '../notifications/notifications.service';
import { ComplementRequestsService } from './workflow.complement-requests';
import type { ComplementRequest, Move } from './workflow.model';
import { WorkflowService } from './workflow.moves';
import type { WorkflowRepository } from './workflow.repository';
import { WorkflowSweeps } from './workflow.sweeps';

export const AGENT: Actor = { agentId: 'a1', label: 'Agent', role: 'agent', institutionIds: null };

const text = (en: string) => ({ fr: en, en });
const source = 'text';

/** A procedure with one slot and the parameters the workflow reads: two months of silence, 60 days in Paris (75) since 2026. */
export const DEFINITION = {
  code: 'made-up',
  names: text('Made-up procedure'),
  documentKinds: { passport: { names: text('Passport') } },
  slots: [{ code: 'passport', names: text('Passport'), ask: text('your passport, every page'), options: [], source }],
  parameters: {
    complementDelayDays: { value: 30, description: text('Delay'), source },
    prefectureSilence: { value: { months: 2 }, description: text('Silence'), source },
  },
  overrides: [{ prefecture: '75', effectiveFrom: '2026-01-01', parameters: { prefectureSilence: { value: { days: 60 }, source } } }],
} as unknown as ProcedureDefinition;

export function dossierIn(status: DossierWithStudent['status'], changes: Partial<DossierWithStudent> = {}): DossierWithStudent {
  return {
    id: 'd1',
    reference: 'RECE-2026-000001',
    studentId: 's1',
    institutionId: 'i1',
    procedureCode: 'made-up',
    procedureVersionId: 'v1',
    procedureVersion: 1,
    procedureCase: null,
    prefecture: '35',
    facts: {},
    channel: 'postal',
    status,
    decision: null,
    closeReason: null,
    version: 3,
    receivedAt: '2026-01-05',
    filedAt: null,
    prefectureReference: null,
    implicitRejectionOn: null,
    decidedOn: null,
    cardReadyOn: null,
    cardHandedOverOn: null,
    deadlineAt: null,
    assigneeId: null,
    createdAt: new Date('2026-01-05T09:00:00Z'),
    updatedAt: new Date('2026-01-05T09:00:00Z'),
    student: { id: 's1', studentNumber: '2026001', birthName: 'NDIAYE', usageName: null, firstNames: 'Awa' },
    ...changes,
  };
}

type Finding = { code: string; severity: 'blocking' | 'warning' | 'info'; slot?: string; params?: Record<string, unknown> };
type Slot = { code: string; state: string; documentIds?: string[]; findings?: Finding[] };

/** A checklist as ChecklistService answers it, with what the workflow reads of it. */
export function checklistOf({ findings = [], slots = [], delayDays }: { findings?: Finding[]; slots?: Slot[]; delayDays?: number } = {}): ChecklistResponse {
  return {
    findings: findings.map((f) => ({ message: text(f.code), source: null, ...f })),
    slots: slots.map((s) => ({ names: text(s.code), hint: null, ask: null, option: null, documentIds: [], findings: [], ...s })),
    parameters: delayDays === undefined ? {} : { complementDelayDays: { value: delayDays } },
  } as unknown as ChecklistResponse;
}

/** The passport is missing: something the student must send (the procedure's delay, if given, is `delayDays`). */
export const passportMissing = (delayDays?: number) =>
  checklistOf({
    findings: [{ code: 'document.missing', severity: 'blocking', slot: 'passport' }],
    slots: [{ code: 'passport', state: 'missing', findings: [{ code: 'document.missing', severity: 'blocking', slot: 'passport' }] }],
    delayDays,
  });

export function fakeWorkflow(start: DossierWithStudent, options: { clock?: TestClock; checklist?: (on: { filedOn?: string }) => ChecklistResponse } = {}) {
  // the services log every move; the specs read what was written instead
  Logger.overrideLogger(false);
  const clock = options.clock ?? new TestClock({ OFFICE_TIMEZONE: 'Europe/Paris' }).freeze('2026-05-04T10:00:00Z');
  const state = { dossier: start, checklist: options.checklist ?? (() => checklistOf()), deadlineDueAt: null as Date | null, due: [] as string[] };
  const written: Move[] = [];
  const checklistAskedOn: { filedOn?: string }[] = [];
  const requests: ComplementRequest[] = [];
  // a written move moves the one dossier, as the repository would
  const apply = (move: Move) => {
    written.push(move);
    state.dossier = { ...state.dossier, status: move.to, version: state.dossier.version + 1 };
    if (move.complementRequest && 'open' in move.complementRequest) {
      requests.push({
        id: `r${requests.length + 1}`,
        dossierId: move.dossierId,
        status: 'open',
        ...move.complementRequest.open,
        requestedAt: clock.now(),
        closedAt: null,
      });
    }
  };
  const dossiers = {
    require: (id: string) => (id === state.dossier.id ? Promise.resolve(state.dossier) : Promise.reject(ProblemException.notFound('dossier', id))),
    get: () => Promise.resolve({ id: state.dossier.id, status: state.dossier.status, version: state.dossier.version }),
    findMany: (ids: readonly string[]) => Promise.resolve(ids.includes(state.dossier.id) ? [state.dossier] : []),
  };
  const checklist = {
    forDossier: (_id: string, on: { filedOn?: string } = {}) => {
      checklistAskedOn.push(on);
      return Promise.resolve(state.checklist(on));
    },
    forDossiers: (list: readonly DossierWithStudent[]) => Promise.resolve(new Map(list.map((d) => [d.id, state.checklist({})]))),
  };
  const catalog = { version: () => Promise.resolve({ definition: DEFINITION }) };
  const repository = {
    move: (move: Move) => Promise.resolve(apply(move)),
    moveMany: (moves: Move[]) => {
      moves.forEach(apply);
      return Promise.resolve(moves.map((m) => m.dossierId));
    },
    complementRequests: () => Promise.resolve(requests),
    pendingComplementDeadline: () => Promise.resolve(state.deadlineDueAt && { id: 'dl1', dueAt: state.deadlineDueAt }),
    dueComplementDeadlines: () => Promise.resolve(state.due),
  };
  const notifications = {
    previewForDossier: (_id: string, template: string, data: Record<string, unknown>) =>
      Promise.resolve({ to: 'awa@example.org', language: 'en', subject: template, text: JSON.stringify(data), html: '' }),
  };
  const config = { OFFICE_PREFECTURE: '35', DEADLINE_DAY_MS: undefined } as AppConfig;
  const events = new DossierEvents();
  const workflow = new WorkflowService(
    dossiers as unknown as DossiersService,
    checklist as unknown as ChecklistService,
    catalog as unknown as CatalogService,
    repository as unknown as WorkflowRepository,
    clock,
    config,
  );
  const complements = new ComplementRequestsService(
    workflow,
    repository as unknown as WorkflowRepository,
    dossiers as unknown as DossiersService,
    checklist as unknown as ChecklistService,
    catalog as unknown as CatalogService,
    notifications as unknown as NotificationsService,
  );
  const sweeps = new WorkflowSweeps(
    workflow,
    repository as unknown as WorkflowRepository,
    dossiers as unknown as DossiersService,
    checklist as unknown as ChecklistService,
    events,
    clock,
  );
  sweeps.onModuleInit();
  return { workflow, complements, sweeps, events, clock, state, written, checklistAskedOn };
}

/** The problem a refused call answers with. */
export async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProblemException)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.problem;
}
