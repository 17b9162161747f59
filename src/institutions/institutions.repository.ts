import { Injectable } from '@nestjs/common';
import { escapeLike } from '../common/validators';
import { keysetAfter } from '../infra/prisma/keyset';
import { PrismaService } from '../infra/prisma/prisma.service';
import { Institution, InstitutionFilter, InstitutionInput } from './institutions.model';

@Injectable()
export class InstitutionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(input: InstitutionInput): Promise<Institution> {
    return this.prisma.institution.create({ data: input });
  }

  findById(id: string): Promise<Institution | null> {
    return this.prisma.institution.findUnique({ where: { id } });
  }

  findByCode(code: string): Promise<Institution | null> {
    return this.prisma.institution.findUnique({ where: { code } });
  }

  update(id: string, changes: Partial<InstitutionInput>): Promise<Institution> {
    return this.prisma.institution.update({ where: { id }, data: changes });
  }

  /** Ordered by name then id; `after` is the keyset of the last row of the previous page. */
  list(filter: InstitutionFilter): Promise<Institution[]> {
    const { q, after, limit } = filter;
    return this.prisma.institution.findMany({
      where: {
        AND: [
          q ? { OR: [{ name: { contains: escapeLike(q), mode: 'insensitive' } }, { code: { contains: escapeLike(q), mode: 'insensitive' } }] } : {},
          after ? keysetAfter('name', { key: after.name, id: after.id }) : {},
        ],
      },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: limit,
    });
  }
}
