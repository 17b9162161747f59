import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma/prisma.service';
import { statement } from '../infra/prisma/statements';
import type { ScopedResource } from './auth.decorators';

/** Whose data a route's `:id` reaches: its institution (for an agent's reach) and its student (for the audit). */
export interface RequestSubject {
  institutionId: string;
  studentId: string;
}

// one stable statement per resource, prepared once per connection (the guard runs it on most requests)
const OWNER_OF: Record<ScopedResource, ReturnType<typeof statement>> = {
  dossier: statement('dossier_owner', 'SELECT institution_id, student_id FROM dossiers WHERE id = $1::uuid'),
  student: statement('student_owner', 'SELECT institution_id, id AS student_id FROM students WHERE id = $1::uuid'),
};

/** The owner of a dossier or a student, as the access guard checks it. */
@Injectable()
export class SubjectsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async ownerOf(resource: ScopedResource, id: string): Promise<RequestSubject | null> {
    const [row] = await this.prisma.query<{ institution_id: string; student_id: string }>(OWNER_OF[resource], [id]);
    return row ? { institutionId: row.institution_id, studentId: row.student_id } : null;
  }
}
