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

/** Names by nationality (ISO 3166-1 alpha-2), with the usual city of birth. */
export const DEMO_PEOPLE: Record<string, { birthNames: string[]; female: string[]; male: string[]; city: string }> = {
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
    steps: [{ event: 'closed', from: 'received', to: 'closed', reason: "Retrait à la demande de l'étudiant" }],
  },
  notEligible: {
    status: 'closed',
    closeReason: 'not_eligible',
    steps: [{ event: 'closed', from: 'received', to: 'closed', reason: 'Ressortissant algérien : accord bilatéral' }],
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
