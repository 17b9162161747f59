import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { addDays } from '../common/dates';
import { CreateStudentDto } from '../students/students.dto';
import { DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import { DEMO_INSTITUTIONS, DEMO_PATHS, DEMO_PEOPLE, DEMO_ROLES, DEMO_STUDENT_ACTIVITY, type DemoRoleName, type DemoStudentActivity } from './demo-data';
import { demoDossierInRole, demoDossiers, demoStudents } from './demo-generator';
import { studentActivityOf } from './demo-student-activity';

const TODAY = '2026-11-23';

describe('demo office', () => {
  const students = demoStudents(TODAY);
  const dossiers = demoDossiers(TODAY, students);

  it('is the same on every run', () => {
    expect(demoStudents(TODAY)).toEqual(students);
    expect(demoDossiers(TODAY, students)).toEqual(dossiers);
  });

  it('has about fifty students, each one valid as the API would take it', () => {
    expect(students.length).toBeGreaterThanOrEqual(50);
    for (const student of students) {
      const { institutionCode: _code, ...payload } = student;
      const errors = validateSync(plainToInstance(CreateStudentDto, { ...payload, institutionId: '01a20883-2c52-7068-ad7f-6fcb584a2f5e' }), {
        whitelist: true,
        forbidNonWhitelisted: true,
      });
      expect(errors).toEqual([]);
    }
  });

  it('keeps student and foreigner numbers unique', () => {
    expect(new Set(students.map((s) => `${s.institutionCode}/${s.studentNumber}`)).size).toBe(students.length);
    expect(new Set(students.map((s) => s.foreignerNumber)).size).toBe(students.length);
  });

  it.each([TODAY, '2027-01-11', '2027-06-30'])('has no two students of the same name, each named and born as in their country (%s)', (today) => {
    const office = demoStudents(today);
    for (const name of [
      (s: (typeof office)[number]) => `${s.birthName} ${s.firstNames}`,
      (s: (typeof office)[number]) => `${s.usageName ?? s.birthName} ${s.firstNames}`,
    ]) {
      const names = office.map(name);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    }
    for (const student of office) {
      const people = DEMO_PEOPLE[student.nationality]!;
      expect(people.birthNames).toContain(student.birthName);
      expect(student.sex === 'female' ? people.female : people.male).toContain(student.firstNames);
      expect(people.cities).toContain(student.birthPlace);
    }
  });

  it('spreads students over the three member institutions and many nationalities', () => {
    expect(new Set(students.map((s) => s.institutionCode))).toEqual(new Set(DEMO_INSTITUTIONS.map((i) => i.code)));
    expect(new Set(students.map((s) => s.nationality)).size).toBeGreaterThanOrEqual(12);
  });

  it('has dossiers in every status, both decisions and several close reasons', () => {
    expect(new Set(dossiers.map((d) => d.status))).toEqual(new Set(DOSSIER_STATUSES));
    expect(new Set(dossiers.map((d) => d.decision).filter(Boolean))).toEqual(new Set(['favourable', 'refused']));
    expect(new Set(dossiers.map((d) => d.closeReason).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(dossiers.map((d) => d.procedureCode))).toEqual(new Set(['rece', 'student-extension', 'talent-researcher']));
  });

  it('tells a consistent story: history ends in the status, dates are in order, deadlines only where a request is open', () => {
    for (const dossier of dossiers) {
      const last = dossier.history[dossier.history.length - 1];
      expect(last?.to ?? 'received').toBe(dossier.status);
      expect(dossier.receivedAt <= TODAY).toBe(true);
      const days = dossier.history.map((s) => s.daysAfterReceipt);
      expect([...days].sort((a, b) => a - b)).toEqual(days);
      // an open complement request still has time to run (30 days from the request)
      const request = dossier.history.find((s) => s.to === 'incomplete');
      if (dossier.status === 'incomplete') expect(addDays(dossier.receivedAt, request!.daysAfterReceipt + 30) > TODAY).toBe(true);
      expect(dossier.filedAt !== null).toBe(['forwarded', 'decided'].includes(dossier.status));
    }
  });

  it.each([TODAY, '2026-12-31', '2027-01-11', '2027-10-05'])('gives each role to one dossier of its path and procedure, lacking what it says (%s)', (today) => {
    const office = demoDossiers(today, demoStudents(today));
    for (const role of Object.keys(DEMO_ROLES) as DemoRoleName[]) {
      const { path, procedureCode, without } = DEMO_ROLES[role];
      expect(office.filter((d) => d.role === role)).toHaveLength(1);
      const { dossier, student } = demoDossierInRole(role, today);
      expect(dossier).toMatchObject({ status: DEMO_PATHS[path]!.status, procedureCode });
      expect(student).toEqual(demoStudents(today)[dossier.studentIndex]);
      const kinds = dossier.documents.map((d) => d.kind);
      for (const kind of without) expect(kinds).not.toContain(kind);
    }
  });

  it.each([TODAY, '2027-01-11', '2027-10-05'])('gives the student activity to its roles only, the refused host attestation asked for again (%s)', (today) => {
    const office = demoDossiers(today, demoStudents(today));
    const active = office.filter((d) => d.studentActivity);
    expect(active.map((d) => d.role).sort()).toEqual(Object.keys(DEMO_STUDENT_ACTIVITY).sort());
    for (const dossier of active) expect(dossier.studentActivity).toBe(DEMO_STUDENT_ACTIVITY[dossier.role!]);
    const sent = office.find((d) => d.role === 'rece-student-sent-document')!;
    expect(sent.status).toBe('incomplete');
    expect(sent.documents.filter((d) => d.kind === 'host-attestation')).toEqual([
      expect.objectContaining({ status: 'rejected', rejectionReason: 'unsigned', attributes: expect.objectContaining({ signed: false }) }),
    ]);
    // the messages browser test takes the newest incomplete dossier: not this one
    expect(office.filter((d) => d.status === 'incomplete').some((d) => d.receivedAt > sent.receivedAt)).toBe(true);
  });

  it('refuses student activity before the dossier it is on, on the day it is loaded, or read before written', () => {
    const message = { author: 'student' as const, body: 'Bonjour', readAt: null };
    const activity = (at: DemoStudentActivity['messages'][number]['at'], readAt: DemoStudentActivity['messages'][number]['readAt'] = null) => ({
      'rece-message-answered': { documents: [], messages: [{ ...message, at, readAt }] },
    });
    expect(studentActivityOf('rece-message-answered', 3, activity({ daysAgo: 2, time: '09:00' }))).not.toBeNull();
    expect(studentActivityOf('rece-message-answered', 3, activity({ daysAgo: 3, time: '10:30' }))).not.toBeNull();
    expect(() => studentActivityOf('rece-message-answered', 3, activity({ daysAgo: 3, time: '09:59' }))).toThrow(/after the dossier's last step/);
    expect(() => studentActivityOf('rece-message-answered', 3, activity({ daysAgo: 4, time: '12:00' }))).toThrow(/after the dossier's last step/);
    expect(() => studentActivityOf('rece-message-answered', 3, activity({ daysAgo: 0, time: '08:00' }))).toThrow(/before today/);
    expect(() => studentActivityOf('rece-message-answered', 3, activity({ daysAgo: 2, time: '12:00' }, { daysAgo: 2, time: '11:00' }))).toThrow(/read before/);
    expect(studentActivityOf(null, 3, activity({ daysAgo: 9, time: '12:00' }))).toBeNull();
  });
});
