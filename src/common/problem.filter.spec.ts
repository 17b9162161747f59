import { BadRequestException, NotFoundException } from '@nestjs/common';
import { Prisma } from '../infra/prisma/generated/client';
import { ProblemFilter } from './problem.filter';
import { ProblemException } from './problem';

describe('ProblemFilter.toProblem', () => {
  const filter = new ProblemFilter();

  it('passes problems through, in the language asked for', () => {
    const refusal = ProblemException.validation([{ field: 'email', code: 'isEmail' }]);
    expect(filter.toProblem(refusal)).toEqual(refusal.problem);
    expect(filter.toProblem(refusal)).toMatchObject({
      code: 'request.invalid',
      params: { fields: ['email'] },
      detail: 'Invalid request: email.',
      errors: [{ field: 'email', code: 'isEmail', message: 'must be an email' }],
    });
    expect(filter.toProblem(refusal, 'fr')).toMatchObject({
      code: 'request.invalid',
      detail: 'Un champ de la demande n’est pas valable.',
      errors: [{ field: 'email', code: 'isEmail', message: 'doit être une adresse e-mail valable' }],
    });
  });

  it('turns Nest HTTP exceptions into problems of the same status', () => {
    expect(filter.toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      type: '/problems/not-found',
      detail: 'Cannot GET /x',
      code: 'request.route-not-found',
      params: { method: 'GET', path: '/x' },
    });
    expect(filter.toProblem(new BadRequestException('Nope'), 'fr')).toMatchObject({
      status: 400,
      code: 'request.refused',
      detail: 'La requête a été refusée (erreur 400).',
      params: { status: 400, reason: 'Nope' },
    });
  });

  it('maps unique and missing-row database errors to 409 and 404', () => {
    const unique = new Prisma.PrismaClientKnownRequestError('Unique constraint failed', { code: 'P2002', clientVersion: '7', meta: { target: ['code'] } });
    expect(filter.toProblem(unique)).toMatchObject({
      status: 409,
      type: '/problems/duplicate',
      code: 'record.duplicate',
      detail: expect.stringContaining('code'),
    });
    const missing = new Prisma.PrismaClientKnownRequestError('Record not found', { code: 'P2025', clientVersion: '7' });
    expect(filter.toProblem(missing)).toMatchObject({ status: 404 });
  });

  it('answers 503 with Retry-After when PostgreSQL cannot be reached, is restarting or cut the connection', () => {
    const unreachable = new Prisma.PrismaClientKnownRequestError("Raw query failed. Message: `Can't reach database server at 127.0.0.1:5432`", {
      code: 'P2010',
      clientVersion: '7',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 } } },
    });
    const starting = new Prisma.PrismaClientKnownRequestError('the database system is starting up', {
      code: 'P2010',
      clientVersion: '7',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P03' } } },
    });
    for (const error of [unreachable, starting, new Error('Connection terminated unexpectedly'), new Error('timeout exceeded when trying to connect')]) {
      expect(filter.toProblem(error)).toMatchObject({ status: 503, type: '/problems/unavailable', retryAfter: 5 });
    }
  });

  it('answers anything else as a bare 500 that leaks nothing', () => {
    const problem = filter.toProblem(new Error('relation "students" does not exist at character 15'));
    expect(problem).toMatchObject({ status: 500, type: '/problems/internal-error', code: 'server.internal-error' });
    expect(JSON.stringify(problem)).not.toContain('students');
  });
});
