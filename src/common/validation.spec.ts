import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateAgentDto } from '../agents/agents.dto';
import { ListDossiersQuery } from '../dossiers/dossiers.dto';
import { CreateStudentDto } from '../students/students.dto';
import { fieldText } from './problem-messages';
import { createValidationPipe, flattenValidationErrors } from './validation';

function problemsFor(payload: object, dto: new () => object = CreateStudentDto) {
  const errors = validateSync(plainToInstance(dto, payload), { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  return flattenValidationErrors(errors);
}

/** The field errors as an English client reads them. */
const errorsFor = (payload: object) => problemsFor(payload).map((p) => ({ field: p.field, message: fieldText(p, 'en') }));

const valid = {
  institutionId: '01a20883-2c52-7068-ad7f-6fcb584a2f5e',
  studentNumber: '22104567',
  birthName: 'DIOP',
  firstNames: 'Awa',
  sex: 'female',
  birthDate: '2000-05-17',
  birthCountry: 'SN',
  nationality: 'SN',
  email: 'awa.diop@etudiant.example',
  level: 'm2',
  academicYear: '2026-2027',
};

describe('flattenValidationErrors', () => {
  it('finds nothing wrong with a valid payload', () => {
    expect(errorsFor(valid)).toEqual([]);
  });

  it('says "is required" for a missing field and "must not be null" for a null one', () => {
    const { birthName: _omitted, ...rest } = valid;
    expect(errorsFor({ ...rest, sex: null })).toEqual([
      { field: 'birthName', message: 'is required' },
      { field: 'sex', message: 'must not be null' },
    ]);
  });

  it('names unknown fields', () => {
    expect(errorsFor({ ...valid, isAdmin: true })).toEqual([{ field: 'isAdmin', message: 'is not a known field' }]);
  });

  it('gives nested fields their path', () => {
    expect(errorsFor({ ...valid, address: { line1: '1 rue X', postalCode: 'ABCDE', city: 'Rennes', floor: 2 } })).toEqual([
      { field: 'address.floor', message: 'is not a known field' },
      { field: 'address.postalCode', message: 'must be a French postal code (5 digits)' },
    ]);
  });

  it('checks cross-field rules such as a permit ending before it starts', () => {
    expect(errorsFor({ ...valid, currentPermit: { kind: 'student', validFrom: '2026-10-01', validUntil: '2026-09-30' } })).toEqual([
      { field: 'currentPermit.validUntil', message: 'must not be before validFrom' },
    ]);
  });

  it('names each rule by a code, with the limits its sentence needs', () => {
    expect(problemsFor({ ...valid, address: { line1: '1 rue X', postalCode: 'ABCDE', city: 'Rennes' } })).toEqual([
      { field: 'address.postalCode', code: 'postalCode' },
    ]);
    expect(problemsFor({ ...valid, birthName: 'D'.repeat(101) })).toEqual([{ field: 'birthName', code: 'isLength', params: { min: 1, max: 100 } }]);
    const address = { line1: '1 rue X', line2: 'B'.repeat(201), postalCode: '35000', city: 'Rennes' };
    expect(problemsFor({ ...valid, address })).toEqual([{ field: 'address.line2', code: 'maxLength', params: { max: 200 } }]);
    expect(problemsFor({ ...valid, currentPermit: { kind: 'student', validFrom: '2026-10-01', validUntil: '2026-09-30' } })).toEqual([
      { field: 'currentPermit.validUntil', code: 'isNotBefore', params: { other: 'validFrom' } },
    ]);
    expect(problemsFor({ ...valid, email: 'awa@' })).toEqual([{ field: 'email', code: 'isEmail' }]);
    const agent = { email: 'claire@example.org', displayName: 'Claire', role: 'agent', password: 'short' };
    expect(problemsFor(agent, CreateAgentDto)).toEqual([{ field: 'password', code: 'isLength', params: { min: expect.any(Number), max: 200 } }]);
    expect(problemsFor({ status: ['received', 'lost'] }, ListDossiersQuery)).toEqual([
      { field: 'status', code: 'isIn', params: { values: expect.arrayContaining(['received', 'closed']), each: true } },
    ]);
  });

  it.each([
    ['academicYear', '2026-2028'],
    ['birthDate', '2001-02-29'],
    ['nationality', 'XX'],
    ['foreignerNumber', '12345'],
    ['mobilePhone', '06 12 34 56 78'],
    ['studentNumber', 'a b'],
    ['birthName', '   '],
    ['email', 'awa@'],
  ])('refuses a bad %s', (field, value) => {
    expect(errorsFor({ ...valid, [field]: value }).map((e) => e.field)).toEqual([field]);
  });
});

describe('the validation pipe on raw input', () => {
  const pipe = createValidationPipe();
  const body = { type: 'body' as const, metatype: CreateStudentDto, data: '' };

  it('refuses half a surrogate pair (validators throw on it) and NUL, naming the field, before any validator runs', async () => {
    await expect(pipe.transform({ ...valid, email: '\ud800' }, body)).rejects.toMatchObject({
      problem: { status: 400, errors: [{ field: 'email', message: expect.stringContaining('surrogate') }] },
    });
    await expect(pipe.transform({ ...valid, birthName: 'A\udc00B' }, body)).rejects.toMatchObject({ problem: { errors: [{ field: 'birthName' }] } });
    await expect(pipe.transform({ ...valid, firstNames: 'A\u0000' }, body)).rejects.toMatchObject({
      problem: { errors: [{ field: 'firstNames', message: 'must not contain the NUL character' }] },
    });
    // a whole pair (an emoji) is text
    await expect(pipe.transform({ ...valid, firstNames: 'Awa 🌍' }, body)).resolves.toMatchObject({ firstNames: 'Awa 🌍' });
  });
});
