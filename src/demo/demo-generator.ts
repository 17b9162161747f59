import { academicYearOf, addDays } from '../common/dates';
import type { IsoDate, Sex } from '../students/students.model';
import type { DemoDocument, DemoDossier, DemoRoleName, DemoStudent } from './demo-data';
import { random } from './demo-random';
import { studentActivityOf, withRefusal } from './demo-student-activity';
import {
  DEMO_AGENTS,
  DEMO_DAYS_SINCE_LAST_STEP,
  DEMO_FAILED_EMAILS,
  DEMO_INSTITUTIONS,
  DEMO_NOT_ELIGIBLE_NATIONALITY,
  DEMO_PATHS,
  DEMO_PEOPLE,
  DEMO_POSTAL_CODES,
  DEMO_PROGRAMMES,
  DEMO_ROLES,
  DEMO_STATUS_MIX,
  DEMO_STREETS,
} from './demo-data';

/**
 * Draws the demo office's students and dossiers from demo-data.ts. Pure and deterministic
 * (seeded), so every run and every machine gets the same office.
 */

type DocumentSpec = Omit<DemoDocument, 'status' | 'rejectionReason'>;

/** What a complete dossier of each procedure holds, by slot (documents of one slot go together). */
function completeDocuments(
  code: DemoDossier['procedureCode'],
  housing: unknown,
  receivedAt: IsoDate,
  permitUntil: IsoDate,
  rnd: ReturnType<typeof random>,
): DocumentSpec[][] {
  const paper = (kind: string, attributes: DocumentSpec['attributes'] = {}, issuedOn: IsoDate | null = null, quantity = 1): DocumentSpec => ({
    kind,
    attributes,
    issuedOn,
    quantity,
  });
  const passport = paper('passport', { allPages: true, validUntil: addDays(receivedAt, 900 + rnd.int(0, 900)) });
  const permit = paper('residence-permit', { validUntil: permitUntil });
  const recent = () => addDays(receivedAt, -rnd.int(5, 30));
  const proofOfAddress =
    housing === 'hotel'
      ? [paper('hotel-attestation', {}, recent()), paper('hotel-invoice', {}, recent())]
      : housing === 'hosted'
        ? [paper('host-attestation', { signed: true, dated: true }, recent()), paper('host-identity')]
        : [paper(rnd.pick(['electricity-bill', 'internet-bill', 'rent-receipt', 'mobile-bill']), {}, recent())];
  const cerpr = paper('cerpr', { signed: true });
  if (code === 'rece') {
    return [
      [paper('request-letter', { hasMobileNumber: true, hasEmailAddress: true })],
      [passport],
      [permit],
      proofOfAddress,
      [paper('identity-photo', {}, null, 3)],
      [paper(rnd.next() < 0.6 ? 'success-certificate' : 'diploma')],
      [paper('cerfa-form', { signed: true, allPages: true })],
      [paper('student-card')],
      [paper('health-insurance')],
      [cerpr],
    ];
  }
  if (code === 'student-extension') return [[paper('student-card')], [paper('course-extension-certificate')], [paper('prefecture-message')]];
  const ePhoto = Array.from({ length: 8 }, () => rnd.pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'])).join('');
  return [
    [passport],
    [permit],
    proofOfAddress,
    [paper('e-photo', { ePhotoCode: ePhoto })],
    [paper('hosting-agreement', { signed: true })],
    [paper('diploma')],
    [cerpr],
  ];
}

/** The documents a dossier holds given where it stands: complete and reviewed once verified, gaps and a rejection before. */
function documentsFor(
  dossier: Pick<DemoDossier, 'procedureCode' | 'status' | 'receivedAt' | 'facts'>,
  permitUntil: IsoDate,
  rnd: ReturnType<typeof random>,
): DemoDocument[] {
  const slots = completeDocuments(dossier.procedureCode, dossier.facts.housing, dossier.receivedAt, permitUntil, rnd);
  const as =
    (status: DemoDocument['status'], reason: DemoDocument['rejectionReason'] = null) =>
    (spec: DocumentSpec): DemoDocument => ({ ...spec, status, rejectionReason: reason });
  if (['verified', 'forwarded', 'decided'].includes(dossier.status)) return slots.flat().map(as('accepted'));
  if (dossier.status === 'received') {
    // being checked: a slot or two not there yet, the rest received but not reviewed
    const missing = new Set(Array.from({ length: rnd.int(0, 2) }, () => rnd.int(0, slots.length - 1)));
    return slots
      .filter((_, i) => !missing.has(i))
      .flat()
      .map(as('received'));
  }
  // incomplete, or closed: one document rejected and one slot missing, the rest accepted
  const rejected = rnd.int(0, slots.length - 1);
  const missing = (rejected + 1) % slots.length;
  return slots.flatMap((docs, i) =>
    i === missing ? [] : docs.map(i === rejected ? as('rejected', rnd.pick(['illegible', 'unsigned', 'incomplete', 'expired'] as const)) : as('accepted')),
  );
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The drawn name, or the nearest one that makes the student someone else: a family name nobody
 * in the office has yet (the next after the drawn one), or else the drawn family name with a
 * given name nobody has with it.
 */
function freeName(birthNames: string[], given: string[], drawn: { birthName: string; firstNames: string }, taken: Set<string>) {
  const from = <T>(list: T[], first: T) => list.map((_, k) => list[(list.indexOf(first) + k) % list.length]!);
  const family = from(birthNames, drawn.birthName).find((birthName) => !taken.has(birthName));
  if (family) return { birthName: family, firstNames: drawn.firstNames };
  for (const birthName of from(birthNames, drawn.birthName)) {
    for (const firstNames of from(given, drawn.firstNames)) if (!taken.has(nameKey(birthName, firstNames))) return { birthName, firstNames };
  }
  throw new Error(`demo-data.ts has too few names for the students of one nationality (${drawn.birthName})`);
}

const nameKey = (familyName: string, firstNames: string) => `${familyName}/${firstNames}`;

export function demoStudents(today: IsoDate, count = 52): DemoStudent[] {
  const rnd = random(20261123);
  const countries = Object.keys(DEMO_PEOPLE);
  const academicYear = academicYearOf(today);
  const yearEnd = Number(academicYear.slice(5));
  const students: DemoStudent[] = [];
  // no two students share a name, as written (birth name) or as used (a married name): each is someone else
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    const nationality = countries[i % countries.length]!;
    const people = DEMO_PEOPLE[nationality]!;
    const sex: Sex = rnd.next() < 0.5 ? 'female' : 'male';
    const given = sex === 'female' ? people.female : people.male;
    // the draws are made whatever the name becomes, so the rest of the office stays as it was
    const { birthName, firstNames } = freeName(people.birthNames, given, { birthName: rnd.pick(people.birthNames), firstNames: rnd.pick(given) }, taken);
    const institutionCode = DEMO_INSTITUTIONS[i % DEMO_INSTITUTIONS.length]!.code;
    const { programme, level } = rnd.pick(DEMO_PROGRAMMES[institutionCode]!);
    const doctorate = level === 'doctorate';
    const birthYear = doctorate ? rnd.int(1992, 1998) : rnd.int(1998, 2003);
    // permits end from a few weeks ago to over a year ahead: some fall in the filing window
    const validUntil = addDays(today, rnd.int(-20, 400));
    const validFrom = addDays(validUntil, -365);
    const studentNumber = `${institutionCode === 'INSA' ? 'I' : ''}${22000000 + i * 137 + rnd.int(0, 99)}`;
    const married = sex === 'female' && rnd.next() < 0.08 && !taken.has(nameKey('MARTIN', firstNames));
    const usageName = married ? 'MARTIN' : null;
    taken
      .add(birthName)
      .add(nameKey(birthName, firstNames))
      .add(nameKey(usageName ?? birthName, firstNames));
    students.push({
      institutionCode,
      studentNumber,
      birthName,
      usageName,
      firstNames,
      sex,
      birthDate: `${birthYear}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
      // students of one country were born in its cities in turn
      birthPlace: people.cities[Math.floor(i / countries.length) % people.cities.length]!,
      birthCountry: nationality,
      nationality,
      foreignerNumber: String(7500000000 + i * 7919 + rnd.int(0, 999)).padStart(10, '0'),
      email: `${slug(firstNames)}.${slug(birthName)}${i}@etudiant.example`,
      mobilePhone: `+3367${String(1000000 + i * 3571).slice(-7)}`,
      address: {
        line1: `${rnd.int(1, 140)} ${rnd.pick(DEMO_STREETS)}`,
        line2: rnd.next() < 0.3 ? `Résidence universitaire, chambre ${rnd.int(100, 450)}` : null,
        postalCode: rnd.pick(DEMO_POSTAL_CODES),
        city: 'Rennes',
      },
      preferredLanguage: ['fr', 'MA', 'TN', 'SN', 'CM', 'CI', 'LB', 'DZ'].includes(nationality) || rnd.next() < 0.3 ? 'fr' : 'en',
      programme,
      level,
      academicYear,
      expectedDefenceDate: doctorate
        ? `${yearEnd + rnd.int(0, 1)}-${String(rnd.int(3, 12)).padStart(2, '0')}-15`
        : `${yearEnd}-0${rnd.int(6, 9)}-${String(rnd.int(10, 28))}`,
      internshipEndDate: doctorate ? null : `${yearEnd}-0${rnd.int(7, 9)}-${String(rnd.int(10, 28))}`,
      currentPermit: {
        kind: i % 11 === 3 ? 'vls_ts_student' : doctorate ? 'talent_researcher' : i % 5 === 0 ? 'student_multi_year' : 'student',
        number: String(3500000000 + i * 104729).slice(0, 10),
        validFrom,
        validUntil,
      },
    });
  }
  return students;
}

export function demoDossiers(today: IsoDate, students: DemoStudent[]): DemoDossier[] {
  const rnd = random(35000);
  const dossiers: DemoDossier[] = [];
  let studentIndex = 0;
  for (const [pathName, count] of DEMO_STATUS_MIX) {
    const path = DEMO_PATHS[pathName]!;
    for (let n = 0; n < count; n++) {
      const next = studentIndex++ % students.length;
      const index = pathName === 'notEligible' ? notEligibleStudent(students) : next;
      const student = students[index]!;
      const procedureCode = student.level === 'doctorate' ? 'talent-researcher' : pathName === 'notEligible' || n % 5 !== 4 ? 'rece' : 'student-extension';
      const role = roleAt(pathName, n);
      if (role && DEMO_ROLES[role].procedureCode !== procedureCode) throw new Error(`demo role ${role} falls on a ${procedureCode} dossier`);
      // each step after the one before, as long as it takes at the office (a decision: one to three months)
      let elapsed = 0;
      const steps = path.steps.map((step) => {
        elapsed += step.to === 'decided' ? rnd.int(30, 100) : step.event === 'closed' && step.from === 'incomplete' ? 31 : rnd.int(2, 12);
        return { ...step, daysAfterReceipt: elapsed };
      });
      // open complement requests were sent in the last three weeks: their 30 days are still running
      const drawn = path.status === 'incomplete' ? rnd.int(1, 20) : rnd.int(0, 20);
      // some stand where the dashboard has something to say today (drawn all the same, so the others stay as they were)
      const sinceLastStep = DEMO_DAYS_SINCE_LAST_STEP[pathName]?.[n] ?? drawn;
      const age = elapsed + sinceLastStep;
      const receivedAt = addDays(today, -age);
      const forwardedStep = steps.find((s) => s.to === 'forwarded');
      const researcher = procedureCode === 'talent-researcher';
      const housing = rnd.pick(['tenant', 'tenant', 'tenant', 'owner', 'hosted', 'hotel'] as const);
      const facts: DemoDossier['facts'] =
        procedureCode === 'student-extension'
          ? {}
          : researcher
            ? {
                housing: 'tenant',
                diplomaTitle: 'Master recherche',
                diplomaIssuedOn: addDays(receivedAt, -rnd.int(400, 1200)),
                diplomaInstitution: 'Université de Rennes',
                hostOrganisation: rnd.pick(['IRISA', 'Inria Rennes', 'IETR', 'IGDR']),
                euMobilityProgramme: false,
                linkNature: 'Contrat doctoral',
              }
            : housing === 'hosted'
              ? { housing, hostIdAddressOutdated: false, businessCreation: false }
              : { housing, businessCreation: false };
      const studentActivity = studentActivityOf(role, sinceLastStep);
      const drawnDocuments = documentsFor({ procedureCode, status: path.status, receivedAt, facts }, student.currentPermit.validUntil, rnd);
      dossiers.push({
        studentIndex: index,
        procedureCode,
        procedureCase: researcher ? 'renewal' : null,
        facts,
        documents: withRefusal(drawnDocuments, studentActivity).filter((d) => !role || !(DEMO_ROLES[role].without as readonly string[]).includes(d.kind)),
        status: path.status,
        decision: path.decision ?? null,
        closeReason: path.closeReason ?? null,
        receivedAt,
        filedAt: forwardedStep ? addDays(receivedAt, forwardedStep.daysAfterReceipt) : null,
        assigneeIndex: pathName === 'received' && n % 3 === 0 ? null : n % DEMO_AGENTS.length,
        history: steps,
        failedEmails: [DEMO_FAILED_EMAILS[pathName]?.[n]].filter((email) => email !== undefined),
        role,
        studentActivity,
      });
    }
  }
  return dossiers;
}

/** The student whose dossier is closed as not eligible: the last of that nationality not preparing a doctorate (a RECE request, then). */
function notEligibleStudent(students: DemoStudent[]): number {
  const index = students.findLastIndex((s) => s.nationality === DEMO_NOT_ELIGIBLE_NATIONALITY && s.level !== 'doctorate');
  if (index < 0) throw new Error(`the demo office has no student of nationality ${DEMO_NOT_ELIGIBLE_NATIONALITY} for its not-eligible dossier`);
  return index;
}

/** The role (DEMO_ROLES) of a path's dossier of that rank, if it has one. */
function roleAt(path: string, rank: number): DemoRoleName | null {
  return (Object.keys(DEMO_ROLES) as DemoRoleName[]).find((role) => DEMO_ROLES[role].path === path && DEMO_ROLES[role].rank === rank) ?? null;
}

/** The demo dossier playing a role, and its student, as the seed loads them on `today`. */
export function demoDossierInRole(role: DemoRoleName, today: IsoDate): { dossier: DemoDossier; student: DemoStudent } {
  const students = demoStudents(today);
  const dossier = demoDossiers(today, students).find((d) => d.role === role)!;
  return { dossier, student: students[dossier.studentIndex]! };
}
