import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Language } from '../common/problem';

export const STUDENT_API = 'student:api';
/** The OpenAPI security scheme of the students' API (the session cookie), declared in src/common/openapi.ts. */
export const STUDENT_SECURITY = 'studentSession';

/**
 * A route of the students' API (/api/student/…): opened by a student's session cookie only —
 * the agents' guard lets it through without an agent's token, and an agent's token opens nothing
 * here; StudentGuard (student-access.guard.ts) requires the cookie. Documented under the
 * `student` tag with the `studentSession` security scheme.
 */
export const StudentApi = () => applyDecorators(SetMetadata(STUDENT_API, true), ApiTags('student'), ApiSecurity(STUDENT_SECURITY));

/** Who is on the student's page: set on the request by StudentGuard. */
export interface StudentContext {
  sessionId: string;
  dossierId: string;
  studentId: string;
  language: Language;
  /** When the session ends (a new link is needed then). */
  expiresAt: Date;
}

export interface RequestWithStudent extends FastifyRequest {
  student?: StudentContext;
}

/** The student of the session. Student routes always have one. */
export const CurrentStudent = createParamDecorator((_data: unknown, context: ExecutionContext): StudentContext => {
  const student = context.switchToHttp().getRequest<RequestWithStudent>().student;
  if (!student) throw new Error('CurrentStudent on a route without a student session (not @StudentApi?)');
  return student;
});
