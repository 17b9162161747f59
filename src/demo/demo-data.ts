import type { OfficeProfileInput } from '../office/office.model';
import { academicYearOf, addDays } from '../common/dates';
import type { IsoDate, PermitKind, Sex, StudentInput, StudyLevel } from '../students/students.model';
import type { CloseReason, Decision, DossierStatus } from '../dossiers/dossiers.model';
import type { InstitutionKind } from '../institutions/institutions.model';

/**
 * The demo office: the CMI of Rennes with three member institutions, about fifty students
 * from the countries the office sees most, and dossiers in every status. Pure and
 * deterministic (seeded), so every run and every machine gets the same office.
 */

export interface DemoInstitution {
  code: string;
  name: string;
  kind: InstitutionKind;
  city: string;
  contactEmail: string;
}

export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  { code: 'UR', name: 'Université de Rennes', kind: 'university', city: 'Rennes', contactEmail: 'international@univ-rennes.example' },
  { code: 'UR2', name: 'Université Rennes 2', kind: 'university', city: 'Rennes', contactEmail: 'sri@univ-rennes2.example' },
  { code: 'INSA', name: 'INSA Rennes', kind: 'engineering_school', city: 'Rennes', contactEmail: 'international@insa-rennes.example' },
];

export const DEMO_AGENTS = [
  { email: 'claire.martin@cmi-rennes.example', displayName: 'Claire Martin', role: 'agent' as const },
  { email: 'yann.legall@cmi-rennes.example', displayName: 'Yann Le Gall', role: 'agent' as const },
  { email: 'sophie.bernard@cmi-rennes.example', displayName: 'Sophie Bernard', role: 'supervisor' as const },
];

/** The demo office's admin; the seed creates the agents, the run command gives them all a password drawn for the run. */
export const DEMO_ADMIN = { email: 'admin@cmi-rennes.example', displayName: 'Admin CMI', role: 'admin' as const };

/** Names by nationality (ISO 3166-1 alpha-2), with the usual city of birth. */
const PEOPLE: Record<string, { birthNames: string[]; female: string[]; male: string[]; city: string }> = {
  VN: {
    birthNames: ['NGUYEN', 'TRAN', 'LE', 'PHAM'],
    female: ['Thi Mai', 'Thu Trang', 'Ngoc Anh'],
    male: ['Van Minh', 'Duc Huy', 'Quang Khai'],
    city: 'Hanoï',
  },
  CN: { birthNames: ['WANG', 'LI', 'ZHANG', 'LIU', 'CHEN'], female: ['Xiaoling', 'Yuqing', 'Mengyao'], male: ['Hao', 'Jiawei', 'Zihan'], city: 'Shanghai' },
  MA: { birthNames: ['EL AMRANI', 'BENNANI', 'TAZI', 'ALAOUI'], female: ['Salma', 'Imane', 'Kenza'], male: ['Youssef', 'Mehdi', 'Amine'], city: 'Casablanca' },
  TN: { birthNames: ['BEN SALEM', 'TRABELSI', 'GHARBI'], female: ['Amira', 'Yasmine'], male: ['Skander', 'Wassim'], city: 'Tunis' },
  SN: { birthNames: ['DIOP', 'NDIAYE', 'FALL', 'SOW'], female: ['Awa', 'Fatou', 'Aminata'], male: ['Moussa', 'Cheikh', 'Ibrahima'], city: 'Dakar' },
  CM: { birthNames: ['NGO BIYONG', 'MBARGA', 'ESSOMBA'], female: ['Carine', 'Laure'], male: ['Arnaud', 'Junior'], city: 'Yaoundé' },
  CI: { birthNames: ['KOUASSI', 'KONAN', 'TRAORÉ'], female: ['Aya', 'Mariam'], male: ['Serge', 'Koffi'], city: 'Abidjan' },
  IN: { birthNames: ['SHARMA', 'PATEL', 'IYER', 'REDDY'], female: ['Priya', 'Ananya', 'Divya'], male: ['Arjun', 'Rohan', 'Vikram'], city: 'Bangalore' },
  BR: { birthNames: ['SILVA', 'SOUZA', 'OLIVEIRA'], female: ['Mariana', 'Beatriz'], male: ['Lucas', 'Gabriel'], city: 'São Paulo' },
  CO: { birthNames: ['GÓMEZ', 'RODRÍGUEZ', 'MARTÍNEZ'], female: ['Valentina', 'Camila'], male: ['Santiago', 'Andrés'], city: 'Bogotá' },
  LB: { birthNames: ['HADDAD', 'KHOURY', 'NASSAR'], female: ['Rita', 'Maya'], male: ['Karim', 'Elie'], city: 'Beyrouth' },
  IR: { birthNames: ['HOSSEINI', 'KARIMI', 'REZAEI'], female: ['Shirin', 'Niloufar'], male: ['Reza', 'Arash'], city: 'Téhéran' },
  DZ: { birthNames: ['BENALI', 'BOUZID', 'HAMIDI'], female: ['Lina', 'Sarah'], male: ['Rayan', 'Walid'], city: 'Alger' },
  US: { birthNames: ['JOHNSON', 'MILLER'], female: ['Emily', 'Hannah'], male: ['Ethan', 'Noah'], city: 'Boston' },
  UA: { birthNames: ['KOVALENKO', 'SHEVCHENKO'], female: ['Olena', 'Iryna'], male: ['Dmytro', 'Oleksandr'], city: 'Kyiv' },
  MX: { birthNames: ['HERNÁNDEZ', 'LÓPEZ'], female: ['Ximena', 'Fernanda'], male: ['Diego', 'Emiliano'], city: 'Guadalajara' },
};

/**
 * The demo office: CMI Rennes with the address of seed 000 and its website; the telephone is
 * in the range ARCEP keeps for fiction (02 61 91 xx xx) and the e-mail on .example, so that
 * nobody real is reached from a demo.
 */
export const DEMO_OFFICE: OfficeProfileInput = {
  name: 'CMI Rennes',
  postalAddress: ['CMI Rennes (M2 fin de formation carte RE/CE)', 'Cité Internationale Paul Ricœur', '1 place Paul Ricœur', '35000 RENNES'],
  frontDeskHours: { fr: 'du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h', en: 'Monday to Friday, 9 am to 12:30 pm and 1:30 pm to 5 pm' },
  phone: '02 61 91 00 35',
  email: 'contact@cmi-rennes.example',
  website: 'https://cmi.univ-rennes.fr/',
  signature: { fr: "L'équipe du CMI Rennes", en: 'The CMI Rennes team' },
};

const PROGRAMMES: Record<string, { programme: string; level: StudyLevel }[]> = {
  UR: [
    { programme: 'Master Informatique — parcours Science des données', level: 'm2' },
    { programme: 'Master Biologie moléculaire et cellulaire', level: 'm2' },
    { programme: "Master Économie et droit de l'entreprise", level: 'm2' },
    { programme: 'Doctorat — École doctorale MathSTIC', level: 'doctorate' },
    { programme: 'Master Électronique et télécommunications', level: 'm2' },
  ],
  UR2: [
    { programme: 'Master Langues étrangères appliquées', level: 'm2' },
    { programme: 'Master Information-communication', level: 'm2' },
    { programme: 'Doctorat — École doctorale ALL', level: 'doctorate' },
  ],
  INSA: [
    { programme: "Diplôme d'ingénieur — Informatique", level: 'engineering_final_year' },
    { programme: "Diplôme d'ingénieur — Génie civil et urbain", level: 'engineering_final_year' },
    { programme: 'Mastère spécialisé Cybersécurité', level: 'mastere_specialise' },
  ],
};

const STREETS = [
  'rue de Saint-Malo',
  'avenue du Général Leclerc',
  'boulevard de la Liberté',
  'rue de Fougères',
  'avenue des Buttes de Coësmes',
  'rue Jean Macé',
];
const POSTAL_CODES = ['35000', '35700', '35200', '35510'];

/** A student as the API would register it, with the code of their institution. */
export type DemoStudent = Required<Omit<StudentInput, 'institutionId'>> & {
  institutionCode: string;
  address: { line1: string; line2: string | null; postalCode: string; city: string };
  currentPermit: { kind: PermitKind; number: string; validFrom: IsoDate; validUntil: IsoDate };
};

export interface DemoHistoryStep {
  event: string;
  from: DossierStatus | null;
  to: DossierStatus;
  daysAfterReceipt: number;
  reason?: string;
}

export interface DemoDossier {
  studentIndex: number;
  procedureCode: 'rece' | 'student-extension' | 'talent-researcher';
  status: DossierStatus;
  decision: Decision | null;
  closeReason: CloseReason | null;
  receivedAt: IsoDate;
  filedAt: IsoDate | null;
  assigneeIndex: number | null;
  history: DemoHistoryStep[];
  procedureCase: string | null;
  facts: Record<string, string | boolean>;
  documents: DemoDocument[];
}

export interface DemoDocument {
  kind: string;
  issuedOn: IsoDate | null;
  quantity: number;
  attributes: Record<string, string | boolean>;
  status: 'received' | 'accepted' | 'rejected';
  rejectionReason: 'illegible' | 'expired' | 'unsigned' | 'incomplete' | 'wrong_document' | 'other' | null;
}

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

/** Deterministic generator (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function demoStudents(today: IsoDate, count = 52): DemoStudent[] {
  const rnd = random(20261123);
  const countries = Object.keys(PEOPLE);
  const academicYear = academicYearOf(today);
  const yearEnd = Number(academicYear.slice(5));
  const students: DemoStudent[] = [];
  for (let i = 0; i < count; i++) {
    const nationality = countries[i % countries.length]!;
    const people = PEOPLE[nationality]!;
    const sex: Sex = rnd.next() < 0.5 ? 'female' : 'male';
    const birthName = rnd.pick(people.birthNames);
    const firstNames = rnd.pick(sex === 'female' ? people.female : people.male);
    const institutionCode = DEMO_INSTITUTIONS[i % DEMO_INSTITUTIONS.length]!.code;
    const { programme, level } = rnd.pick(PROGRAMMES[institutionCode]!);
    const doctorate = level === 'doctorate';
    const birthYear = doctorate ? rnd.int(1992, 1998) : rnd.int(1998, 2003);
    // permits end from a few weeks ago to over a year ahead: some fall in the filing window
    const validUntil = addDays(today, rnd.int(-20, 400));
    const validFrom = addDays(validUntil, -365);
    students.push({
      institutionCode,
      studentNumber: `${institutionCode === 'INSA' ? 'I' : ''}${22000000 + i * 137 + rnd.int(0, 99)}`,
      birthName,
      usageName: sex === 'female' && rnd.next() < 0.08 ? 'MARTIN' : null,
      firstNames,
      sex,
      birthDate: `${birthYear}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
      birthPlace: people.city,
      birthCountry: nationality,
      nationality,
      foreignerNumber: String(7500000000 + i * 7919 + rnd.int(0, 999)).padStart(10, '0'),
      email: `${slug(firstNames)}.${slug(birthName)}${i}@etudiant.example`,
      mobilePhone: `+3367${String(1000000 + i * 3571).slice(-7)}`,
      address: {
        line1: `${rnd.int(1, 140)} ${rnd.pick(STREETS)}`,
        line2: rnd.next() < 0.3 ? `Résidence universitaire, chambre ${rnd.int(100, 450)}` : null,
        postalCode: rnd.pick(POSTAL_CODES),
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

/** What each demo status looked like on its way (a plausible path through the workflow). */
const PATHS: Record<string, { status: DossierStatus; decision?: Decision; closeReason?: CloseReason; steps: Omit<DemoHistoryStep, 'daysAfterReceipt'>[] }> = {
  received: { status: 'received', steps: [] },
  incomplete: {
    status: 'incomplete',
    steps: [{ event: 'complement_requested', from: 'received', to: 'incomplete', reason: 'Justificatif de domicile de plus de 3 mois' }],
  },
  verified: { status: 'verified', steps: [{ event: 'verified', from: 'received', to: 'verified' }] },
  forwarded: {
    status: 'forwarded',
    steps: [
      { event: 'verified', from: 'received', to: 'verified' },
      { event: 'forwarded', from: 'verified', to: 'forwarded' },
    ],
  },
  favourable: {
    status: 'decided',
    decision: 'favourable',
    steps: [
      { event: 'verified', from: 'received', to: 'verified' },
      { event: 'forwarded', from: 'verified', to: 'forwarded' },
      { event: 'decided', from: 'forwarded', to: 'decided', reason: 'Décision favorable de la préfecture' },
    ],
  },
  refused: {
    status: 'decided',
    decision: 'refused',
    steps: [
      { event: 'verified', from: 'received', to: 'verified' },
      { event: 'forwarded', from: 'verified', to: 'forwarded' },
      { event: 'decided', from: 'forwarded', to: 'decided', reason: 'Refus : diplôme hors liste' },
    ],
  },
  expired: {
    status: 'closed',
    closeReason: 'deadline_expired',
    steps: [
      { event: 'complement_requested', from: 'received', to: 'incomplete', reason: 'CERFA non signé' },
      { event: 'closed', from: 'incomplete', to: 'closed', reason: 'Délai de 30 jours expiré' },
    ],
  },
  withdrawn: {
    status: 'closed',
    closeReason: 'withdrawn',
    steps: [{ event: 'closed', from: 'received', to: 'closed', reason: "Retrait à la demande de l'étudiant" }],
  },
  notEligible: {
    status: 'closed',
    closeReason: 'not_eligible',
    steps: [{ event: 'closed', from: 'received', to: 'closed', reason: 'Ressortissant algérien : accord bilatéral' }],
  },
};

const MIX: [keyof typeof PATHS, number][] = [
  ['received', 16],
  ['incomplete', 8],
  ['verified', 8],
  ['forwarded', 8],
  ['favourable', 6],
  ['refused', 3],
  ['expired', 2],
  ['withdrawn', 2],
  ['notEligible', 1],
];

export function demoDossiers(today: IsoDate, students: DemoStudent[]): DemoDossier[] {
  const rnd = random(35000);
  const dossiers: DemoDossier[] = [];
  let studentIndex = 0;
  for (const [pathName, count] of MIX) {
    const path = PATHS[pathName]!;
    for (let n = 0; n < count; n++) {
      const index = studentIndex++ % students.length;
      const student = students[index]!;
      const procedureCode = student.level === 'doctorate' ? 'talent-researcher' : pathName === 'notEligible' || n % 5 !== 4 ? 'rece' : 'student-extension';
      // each step after the one before, as long as it takes at the office (a decision: one to three months)
      let elapsed = 0;
      const steps = path.steps.map((step) => {
        elapsed += step.to === 'decided' ? rnd.int(30, 100) : step.event === 'closed' && step.from === 'incomplete' ? 31 : rnd.int(2, 12);
        return { ...step, daysAfterReceipt: elapsed };
      });
      // open complement requests were sent in the last three weeks: their 30 days are still running
      const sinceLastStep = path.status === 'incomplete' ? rnd.int(1, 20) : rnd.int(0, 20);
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
      dossiers.push({
        studentIndex: index,
        procedureCode,
        procedureCase: researcher ? 'renewal' : null,
        facts,
        documents: documentsFor({ procedureCode, status: path.status, receivedAt, facts }, student.currentPermit.validUntil, rnd),
        status: path.status,
        decision: path.decision ?? null,
        closeReason: path.closeReason ?? null,
        receivedAt,
        filedAt: forwardedStep ? addDays(receivedAt, forwardedStep.daysAfterReceipt) : null,
        assigneeIndex: pathName === 'received' && n % 3 === 0 ? null : n % DEMO_AGENTS.length,
        history: steps,
      });
    }
  }
  return dossiers;
}
