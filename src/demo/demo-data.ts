import type { OfficeProfileInput } from '../office/office.model';
import type { IsoDate, PermitKind, StudentInput, StudyLevel } from '../students/students.model';
import type { CloseReason, Decision, DossierStatus } from '../dossiers/dossiers.model';
import type { InstitutionKind } from '../institutions/institutions.model';

/**
 * The demo office: the CMI of Rennes with three member institutions, about fifty students
 * from the countries the office sees most, and dossiers in every status. This file holds
 * what the office is made of; demo-generator.ts draws the students and dossiers from it.
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

/**
 * Names by nationality (ISO 3166-1 alpha-2), as a passport writes them, with cities of birth:
 * enough of each that about fifty students are fifty different people (demo-generator.ts
 * never gives two the same family and given names).
 */
export const DEMO_PEOPLE: Record<string, { birthNames: string[]; female: string[]; male: string[]; cities: string[] }> = {
  VN: {
    birthNames: ['NGUYEN', 'TRAN', 'LE', 'PHAM', 'HOANG', 'VU'],
    female: ['Thi Mai', 'Thu Trang', 'Ngoc Anh', 'Thi Huong', 'Minh Chau'],
    male: ['Van Minh', 'Duc Huy', 'Quang Khai', 'Tuan Anh', 'Hoang Nam'],
    cities: ['Hanoï', 'Hô Chi Minh-Ville', 'Da Nang'],
  },
  CN: {
    birthNames: ['WANG', 'LI', 'ZHANG', 'LIU', 'CHEN', 'ZHAO'],
    female: ['Xiaoling', 'Yuqing', 'Mengyao', 'Jingwen', 'Ruoxi'],
    male: ['Hao', 'Jiawei', 'Zihan', 'Yichen', 'Haoran'],
    cities: ['Shanghai', 'Pékin', 'Wuhan', 'Chengdu'],
  },
  MA: {
    birthNames: ['EL AMRANI', 'BENNANI', 'TAZI', 'ALAOUI', 'BERRADA', 'EL IDRISSI'],
    female: ['Salma', 'Imane', 'Kenza', 'Ghita', 'Sara'],
    male: ['Youssef', 'Mehdi', 'Amine', 'Othmane', 'Hamza'],
    cities: ['Casablanca', 'Rabat', 'Fès', 'Marrakech'],
  },
  TN: {
    birthNames: ['BEN SALEM', 'TRABELSI', 'GHARBI', 'JEBALI', 'MEJRI'],
    female: ['Amira', 'Yasmine', 'Rania', 'Nour'],
    male: ['Skander', 'Wassim', 'Aziz', 'Firas'],
    cities: ['Tunis', 'Sfax', 'Sousse'],
  },
  SN: {
    birthNames: ['DIOP', 'NDIAYE', 'FALL', 'SOW', 'FAYE', 'GUEYE'],
    female: ['Awa', 'Fatou', 'Aminata', 'Khady'],
    male: ['Moussa', 'Cheikh', 'Ibrahima', 'Mamadou'],
    cities: ['Dakar', 'Thiès', 'Saint-Louis'],
  },
  CM: {
    birthNames: ['NGO BIYONG', 'MBARGA', 'ESSOMBA', 'FOTSO', 'KAMGA'],
    female: ['Carine', 'Laure', 'Estelle', 'Michèle'],
    male: ['Arnaud', 'Franck', 'Hervé', 'Junior'],
    cities: ['Yaoundé', 'Douala', 'Bafoussam'],
  },
  CI: {
    birthNames: ['KOUASSI', 'KONAN', 'TRAORÉ', 'YAO', 'BAMBA'],
    female: ['Aya', 'Mariam', 'Adjoua', 'Fatim'],
    male: ['Serge', 'Koffi', 'Yannick', 'Ismaël'],
    cities: ['Abidjan', 'Bouaké', 'Yamoussoukro'],
  },
  IN: {
    birthNames: ['SHARMA', 'PATEL', 'IYER', 'REDDY', 'NAIR', 'GUPTA'],
    female: ['Priya', 'Ananya', 'Divya', 'Kavya'],
    male: ['Arjun', 'Rohan', 'Vikram', 'Aditya'],
    cities: ['Bangalore', 'Bombay', 'Chennai', 'Pune'],
  },
  BR: {
    birthNames: ['SILVA', 'SOUZA', 'OLIVEIRA', 'SANTOS', 'PEREIRA'],
    female: ['Mariana', 'Beatriz', 'Larissa', 'Juliana'],
    male: ['Lucas', 'Gabriel', 'Rafael', 'Thiago'],
    cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte'],
  },
  CO: {
    birthNames: ['GÓMEZ', 'RODRÍGUEZ', 'MARTÍNEZ', 'CASTRO', 'VARGAS'],
    female: ['Valentina', 'Camila', 'Daniela', 'Natalia'],
    male: ['Santiago', 'Andrés', 'Felipe', 'Julián'],
    cities: ['Bogotá', 'Medellín', 'Cali'],
  },
  LB: {
    birthNames: ['HADDAD', 'KHOURY', 'NASSAR', 'SAAB', 'AOUN'],
    female: ['Rita', 'Maya', 'Lara', 'Nadine'],
    male: ['Karim', 'Elie', 'Georges', 'Rami'],
    cities: ['Beyrouth', 'Tripoli', 'Saïda'],
  },
  IR: {
    birthNames: ['HOSSEINI', 'KARIMI', 'REZAEI', 'MOHAMMADI', 'AHMADI'],
    female: ['Shirin', 'Niloufar', 'Maryam', 'Parisa'],
    male: ['Reza', 'Arash', 'Amir', 'Kian'],
    cities: ['Téhéran', 'Ispahan', 'Chiraz', 'Tabriz'],
  },
  DZ: {
    birthNames: ['BENALI', 'BOUZID', 'HAMIDI', 'MEZIANE', 'CHERIF'],
    female: ['Lina', 'Sarah', 'Amel', 'Yasmina'],
    male: ['Rayan', 'Walid', 'Sofiane', 'Nassim'],
    cities: ['Alger', 'Oran', 'Constantine'],
  },
  US: {
    birthNames: ['JOHNSON', 'MILLER', 'DAVIS', 'ANDERSON', 'THOMPSON'],
    female: ['Emily', 'Hannah', 'Olivia', 'Grace'],
    male: ['Ethan', 'Noah', 'Owen', 'Caleb'],
    cities: ['Boston', 'Chicago', 'Seattle', 'Austin'],
  },
  UA: {
    birthNames: ['KOVALENKO', 'SHEVCHENKO', 'BONDARENKO', 'TKACHENKO', 'MELNYK'],
    female: ['Olena', 'Iryna', 'Kateryna', 'Sofiia'],
    male: ['Dmytro', 'Oleksandr', 'Andrii', 'Maksym'],
    cities: ['Kyiv', 'Lviv', 'Kharkiv', 'Odesa'],
  },
  MX: {
    birthNames: ['HERNÁNDEZ', 'LÓPEZ', 'RAMÍREZ', 'FLORES', 'TORRES'],
    female: ['Ximena', 'Fernanda', 'Valeria', 'Regina'],
    male: ['Diego', 'Emiliano', 'Mateo', 'Leonardo'],
    cities: ['Guadalajara', 'Mexico', 'Monterrey', 'Puebla'],
  },
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

export const DEMO_PROGRAMMES: Record<string, { programme: string; level: StudyLevel }[]> = {
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

export const DEMO_STREETS = [
  'rue de Saint-Malo',
  'avenue du Général Leclerc',
  'boulevard de la Liberté',
  'rue de Fougères',
  'avenue des Buttes de Coësmes',
  'rue Jean Macé',
];
export const DEMO_POSTAL_CODES = ['35000', '35700', '35200', '35510'];

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
  /** E-mails of its story the SMTP server refused for good. */
  failedEmails: DemoFailedEmail[];
  /** What the dossier is there to show (DEMO_ROLES), if anything in particular. */
  role: DemoRoleName | null;
  /** What the student did on their page and the office's answers, after the dossier's last step (DEMO_STUDENT_ACTIVITY). */
  studentActivity: DemoStudentActivity | null;
}

/** A moment of the days before the demo is loaded: so many days before today, at that time of the day (office time). */
export interface DemoMoment {
  daysAgo: number;
  time: `${number}:${number}`;
}

/**
 * What the student did from their dossier's page (through the link of an e-mail; the demo keeps
 * no link), and the office's answers: documents sent for an item of the open complement request
 * (to review; the demo has no scans), messages read or not by the other side.
 */
export interface DemoStudentActivity {
  /** A document the office received before the request and refused, so that the request asks for it again. */
  refused?: { kind: string; rejectionReason: NonNullable<DemoDocument['rejectionReason']>; attributes: DemoDocument['attributes'] };
  documents: { kind: string; slot: string; at: DemoMoment }[];
  messages: { author: 'student' | 'office'; body: string; at: DemoMoment; readAt: DemoMoment | null }[];
}

/** An e-mail the workflow sent the student, refused for good by their mail server. */
export interface DemoFailedEmail {
  /** The history event the e-mail told of. */
  event: 'complement_requested' | 'forwarded';
  template: 'complement_requested' | 'dossier_forwarded';
  /** The server's answer, `{to}` standing for the recipient. */
  lastError: string;
}

export interface DemoDocument {
  kind: string;
  issuedOn: IsoDate | null;
  quantity: number;
  attributes: Record<string, string | boolean>;
  status: 'received' | 'accepted' | 'rejected';
  rejectionReason: 'illegible' | 'expired' | 'unsigned' | 'incomplete' | 'wrong_document' | 'other' | null;
}

/** What each demo status looked like on its way (a plausible path through the workflow). */
export const DEMO_PATHS: Record<
  string,
  { status: DossierStatus; decision?: Decision; closeReason?: CloseReason; steps: Omit<DemoHistoryStep, 'daysAfterReceipt'>[] }
> = {
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
    steps: [{ event: 'closed', from: 'received', to: 'closed', reason: 'Demande retirée par courriel' }],
  },
  notEligible: {
    status: 'closed',
    closeReason: 'not_eligible',
    steps: [{ event: 'closed', from: 'received', to: 'closed', reason: 'Nationalité algérienne : relève de l’accord franco-algérien' }],
  },
};

export const DEMO_STATUS_MIX: [keyof typeof DEMO_PATHS, number][] = [
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

/**
 * What the office's morning looks like whatever the day the demo is loaded: for a few dossiers
 * of a path (by their rank in it), how many days ago its last step was. Complements requested
 * 28 and 25 days ago are due this week; with the catalog's 90-day prefecture silence, dossiers
 * filed 100, 86, 79 and 72 days ago were rejected implicitly 10 days ago or will be in 4, 11 and
 * 18 days (the dashboard's "overdue" and "this week", the inbox's "near implicit rejection").
 * Only dossiers received before the newest received ones are aged: the newest keep their place
 * in the order of receipt, hence their references.
 */
export const DEMO_DAYS_SINCE_LAST_STEP: Partial<Record<keyof typeof DEMO_PATHS, Record<number, number>>> = {
  incomplete: { 1: 28, 6: 25 },
  forwarded: { 0: 100, 6: 86, 5: 79, 3: 72 },
};

/** E-mails that bounced, by path and rank as above: what the dashboard's "failed e-mails" shows an office. */
export const DEMO_FAILED_EMAILS: Partial<Record<keyof typeof DEMO_PATHS, Record<number, DemoFailedEmail>>> = {
  // a graduate's university mailbox, closed after the defence: the list of what is missing, due this week, never reached the student
  incomplete: {
    6: { event: 'complement_requested', template: 'complement_requested', lastError: '550 5.1.1 <{to}>: Requested action not taken: mailbox unavailable' },
  },
  forwarded: { 3: { event: 'forwarded', template: 'dossier_forwarded', lastError: '552 5.2.2 <{to}>: Requested mail action aborted: mailbox full' } },
};

/**
 * Demo dossiers known by what they show, by path and rank as above: what a trainer walks
 * through, and what the browser tests work on. `without` names documents they lack whatever
 * the draw (for these, the checklist's slot bears the document's name). Their references
 * follow the order of receipt within the year they were received, so they change with the day
 * the demo is loaded (one received on 31 December is numbered in that year): find them by
 * their student and day of receipt (demoDossierInRole, test/support/demo-roles.ts), never by
 * a reference.
 */
export const DEMO_ROLES = {
  /** A RECE request being checked, a few documents still to come: to complete, verify and forward. */
  'rece-missing-documents': { path: 'received', rank: 6, procedureCode: 'rece', without: ['student-card'] },
  /** A RECE request without the health insurance certificate: to ask the student for it. */
  'rece-missing-health-insurance': { path: 'received', rank: 0, procedureCode: 'rece', without: ['health-insurance'] },
  /** A researcher's renewal, filed on ANEF (which takes scans of some types only), its CERPR not there yet. */
  'talent-researcher-anef-missing-cerpr': { path: 'received', rank: 7, procedureCode: 'talent-researcher', without: ['cerpr'] },
  /**
   * A RECE request waiting for a complement (not the newest incomplete one, which other tests take):
   * the student sent a host attestation from their page and asked a question, not read yet.
   */
  'rece-student-sent-document': { path: 'incomplete', rank: 5, procedureCode: 'rece', without: [] },
  /** A RECE request being checked: the student asked a question, the agent who has it answered, both read. */
  'rece-message-answered': { path: 'received', rank: 10, procedureCode: 'rece', without: [] },
} as const satisfies Record<string, { path: keyof typeof DEMO_PATHS; rank: number; procedureCode: DemoDossier['procedureCode']; without: readonly string[] }>;

export type DemoRoleName = keyof typeof DEMO_ROLES;

/** The reason a dossier is closed as not eligible speaks of Algerian nationals: it is an Algerian student's. */
export const DEMO_NOT_ELIGIBLE_NATIONALITY = 'DZ';

/** What students did on their pages, by the role of their dossier (its assignee answers for the office). */
export const DEMO_STUDENT_ACTIVITY: Partial<Record<DemoRoleName, DemoStudentActivity>> = {
  'rece-student-sent-document': {
    // the attestation handed in at the front desk was not signed: the complement request asks for it again
    refused: { kind: 'host-attestation', rejectionReason: 'unsigned', attributes: { signed: false, dated: true } },
    documents: [{ kind: 'host-attestation', slot: 'proof-of-address', at: { daysAgo: 1, time: '19:12' } }],
    messages: [
      {
        author: 'student',
        body: "Bonjour, voici mon attestation d'hébergement. Faut-il aussi la facture d'électricité ?",
        at: { daysAgo: 1, time: '19:14' },
        readAt: null,
      },
    ],
  },
  'rece-message-answered': {
    documents: [],
    messages: [
      {
        author: 'student',
        body: 'Bonjour, dois-je prendre moi-même rendez-vous à la préfecture pour mon titre de séjour ?',
        at: { daysAgo: 4, time: '16:40' },
        readAt: { daysAgo: 3, time: '11:05' },
      },
      {
        author: 'office',
        body: 'Bonjour, non : une fois votre dossier vérifié, nous le transmettons à la préfecture, qui vous convoquera. Vous recevrez un courriel à chaque étape.',
        at: { daysAgo: 3, time: '11:20' },
        readAt: { daysAgo: 3, time: '20:05' },
      },
    ],
  },
};
