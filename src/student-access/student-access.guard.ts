import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../common/actor';
import type { GuardedRequest } from '../auth/access.guard';
import { ProblemException } from '../common/problem';
import { RequestWithStudent, STUDENT_API } from './student-access.decorators';
import { STUDENT_COOKIE } from './student-access.links';
import { StudentAccessService } from './student-access.service';

/**
 * The students' API (@StudentApi routes) opens with a session cookie only: 401 without one
 * that is known, unexpired, unrevoked and of a dossier still within its links' window. The
 * request then carries the student (`request.student`, @CurrentStudent), the actor the audit
 * records ('student', no agent) and whose data it reaches (the audit's subject). Every other
 * route is the agents' guard's business: this one does not look at them, nor they at the cookie.
 */
@Injectable()
export class StudentGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: StudentAccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (!this.reflector.getAllAndOverride<boolean>(STUDENT_API, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<RequestWithStudent & GuardedRequest & FastifyRequest>();
    const found = await this.access.studentOf(request.cookies?.[STUDENT_COOKIE]);
    if (!found) throw ProblemException.of('student.session-invalid');
    const { institutionId, ...student } = found;
    request.student = student;
    request.actor = studentActor(student.sessionId);
    request.subject = { institutionId, studentId: student.studentId, resource: 'dossier' };
    return true;
  }
}

/** A student on their own page, as the audit and the dossier's history name them. */
export const studentActor = (sessionId: string): Actor => ({ agentId: null, label: 'student', role: 'student', institutionIds: [], sessionId });
