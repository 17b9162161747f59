import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { ProblemException } from '../common/problem';
import { InstitutionResponse, ListInstitutionsQuery } from './institutions.dto';
import { Institution, InstitutionInput } from './institutions.model';
import { InstitutionsRepository } from './institutions.repository';

const SORT = 'name';

@Injectable()
export class InstitutionsService {
  constructor(private readonly institutions: InstitutionsRepository) {}

  async create(input: InstitutionInput): Promise<InstitutionResponse> {
    await this.assertCodeFree(input.code);
    return present(await this.institutions.create(input));
  }

  async get(id: string): Promise<InstitutionResponse> {
    return present(await this.require(id));
  }

  async update(id: string, changes: Partial<InstitutionInput>): Promise<InstitutionResponse> {
    const current = await this.require(id);
    if (changes.code !== undefined && changes.code !== current.code) await this.assertCodeFree(changes.code);
    return present(await this.institutions.update(id, changes));
  }

  async list(query: ListInstitutionsQuery): Promise<Page<InstitutionResponse>> {
    const cursor = query.cursor ? decodeCursor(query.cursor, SORT, 'string') : undefined;
    const rows = await this.institutions.list({
      q: query.q,
      limit: query.limit + 1,
      after: cursor ? { name: cursor.key as string, id: cursor.id } : undefined,
    });
    return toPage(rows, query.limit, SORT, (row) => ({ key: row.name, id: row.id }), present);
  }

  /** The institution, or a 404 naming the id. */
  async require(id: string): Promise<Institution> {
    const institution = await this.institutions.findById(id);
    if (!institution) throw ProblemException.notFound('institution', id);
    return institution;
  }

  private async assertCodeFree(code: string): Promise<void> {
    if (await this.institutions.findByCode(code)) {
      throw ProblemException.of('institution.code-taken', { code }, { errors: [{ field: 'code', code: 'institutionCodeTaken' }] });
    }
  }
}

function present(institution: Institution): InstitutionResponse {
  return {
    ...institution,
    createdAt: institution.createdAt.toISOString(),
    updatedAt: institution.updatedAt.toISOString(),
  };
}
