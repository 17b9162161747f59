import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { addDays } from '../common/dates';
import { CreateStudentDto } from '../students/students.dto';
import { DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import { DEMO_INSTITUTIONS } from './demo-data';
import { demoDossiers, demoStudents } from './demo-generator';

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
});
