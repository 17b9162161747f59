import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import { ProcedureQuery, ProcedureSummaryResponse, ProcedureVersionResponse, PublishVersionDto } from './catalog.dto';
import { ProcedureVersion, publicDefinition } from './catalog.model';
import { CatalogRepository, VersionSummary } from './catalog.repository';
import { checkDefinition } from './catalog.schema';

@Injectable()
export class CatalogService {
  /** Published versions never change: once read, a version is kept for the life of the process. */
  private readonly cache = new Map<string, ProcedureVersion>();

  constructor(
    private readonly catalog: CatalogRepository,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ProcedureSummaryResponse[]> {
    const index = await this.catalog.index();
    const today = this.clock.today();
    const byCode = new Map<string, VersionSummary[]>();
    for (const version of index) byCode.set(version.code, [...(byCode.get(version.code) ?? []), version]);
    return Promise.all(
      [...byCode].map(async ([code, versions]) => {
        const current = await this.version(inEffect(versions, today)!.id);
        const { names, summary, channel } = current.definition;
        return {
          code,
          names,
          summary,
          channel,
          currentVersion: current.version,
          effectiveFrom: current.effectiveFrom,
          versions: versions.map(({ version, effectiveFrom }) => ({ version, effectiveFrom })),
        };
      }),
    );
  }

  async get(code: string, query: ProcedureQuery): Promise<ProcedureVersionResponse> {
    const versions = (await this.catalog.index()).filter((v) => v.code === code);
    if (!versions.length) throw ProblemException.of('procedure.not-found', { code });
    const chosen = query.version !== undefined ? versions.find((v) => v.version === query.version) : inEffect(versions, query.on ?? this.clock.today());
    if (!chosen) throw ProblemException.of('procedure.version-not-found', { code, version: query.version! });
    return present(await this.version(chosen.id));
  }

  /** The version a dossier received on `date` is opened under; null for an unknown procedure. */
  async versionInEffect(code: string, date: string): Promise<ProcedureVersion | null> {
    const id = await this.catalog.versionIdInEffect(code, date);
    return id ? this.version(id) : null;
  }

  async version(id: string): Promise<ProcedureVersion> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const version = await this.catalog.findById(id);
    if (!version) throw new Error(`procedure version ${id} does not exist`);
    this.cache.set(id, version);
    return version;
  }

  /**
   * Publishes a new version: the whole definition is checked first (a bad rule set is
   * refused with every reason), and versions follow each other in time.
   */
  async publish(code: string, request: PublishVersionDto, actor: Actor): Promise<ProcedureVersionResponse> {
    const checked = checkDefinition(request.definition);
    const problems = [...checked.problems];
    if (request.definition.code !== code) problems.unshift({ field: 'definition.code', code: 'procedureCodeMismatch', params: { code } });
    if (problems.length || !checked.definition) throw ProblemException.of('procedure.definition-invalid', { count: problems.length }, { errors: problems });
    const versions = (await this.catalog.index()).filter((v) => v.code === code);
    const last = versions[versions.length - 1];
    if (last && request.effectiveFrom < last.effectiveFrom) {
      throw ProblemException.of(
        'procedure.version-too-early',
        { version: last.version, effectiveFrom: last.effectiveFrom },
        { errors: [{ field: 'effectiveFrom', code: 'notBefore', params: { date: last.effectiveFrom } }] },
      );
    }
    const published = await this.catalog.publish(
      { code, effectiveFrom: request.effectiveFrom, note: request.note ?? null, definition: checked.definition },
      actor,
    );
    return present(published);
  }
}

/**
 * The latest version in effect on `date` — of versions taking effect the same day, the highest
 * (a corrected edition) —; before the first one takes effect, the first.
 */
export function inEffect(versions: VersionSummary[], date: string): VersionSummary | undefined {
  const started = versions.filter((v) => v.effectiveFrom <= date);
  const pool = started.length ? started : versions;
  return [...pool].sort((a, b) => (started.length ? b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version : a.version - b.version))[0];
}

function present(version: ProcedureVersion): ProcedureVersionResponse {
  return {
    code: version.code,
    version: version.version,
    effectiveFrom: version.effectiveFrom,
    note: version.note,
    publishedAt: version.publishedAt.toISOString(),
    // the sources as a reader can open them, without the internal `ref`
    definition: publicDefinition(version.definition),
  };
}
