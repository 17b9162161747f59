/**
 * Fills a migrated Passerelle database with N realistic dossiers, set-based: every table is
 * one `INSERT … SELECT` over `generate_series`, computed by PostgreSQL itself (no row goes
 * through Node). Deterministic: the same N gives the same rows on every machine.
 *
 * What a national deployment holds after two and a half years: students with their current
 * permit, one dossier each in every status (most of them decided or closed), their history,
 * the documents of the procedure's checklist, complement requests, deadlines (pending ones
 * on open dossiers, fired or cancelled ones on the others), the e-mails sent on open
 * dossiers, and a pool of students without a dossier yet (for the opening benchmark).
 *
 * Used by `npm run bench` and by the EXPLAIN test (test/integration/query-plans.int-spec.ts).
 */
import type { ClientBase, Pool, PoolClient } from 'pg';
import { searchText } from '../src/common/search-text';

export interface GenerateOptions {
  dossiers: number;
  /** Students without a dossier, to open new ones (default: 5% of dossiers, at least 20,000). */
  freshStudents?: number;
  /** Only what the query plans need (students, dossiers, deadlines, complement requests, e-mails): no history or documents. */
  core?: boolean;
  /** The day the data is generated for (default today). */
  today?: Date;
  /** Called after each step with its name and duration. */
  onStep?: (step: string, rows: number, ms: number) => void;
}

export interface GenerationReport {
  dossiers: number;
  students: number;
  rows: Record<string, number>;
  seconds: number;
}

/** The share of dossiers per status, in percent: two and a half years of an office's work. */
export const STATUS_SHARES = { received: 4, incomplete: 4, verified: 2, forwarded: 8, decided: 67, closed: 15 } as const;

/** Agents the dossiers are assigned to (the bench logs in as an admin of its own, see bench/run.ts), and member institutions. */
const BENCH_AGENT_COUNT = 60;
const BENCH_INSTITUTION_COUNT = 40;

/** Birth names and first names of the nationalities an office sees most (with their accents: search folds them). */
const BIRTH_NAMES = [
  'NGUYEN',
  'TRAN',
  'LE',
  'PHAM',
  'HOANG',
  'WANG',
  'LI',
  'ZHANG',
  'LIU',
  'CHEN',
  'YANG',
  'ZHAO',
  'HUANG',
  'EL AMRANI',
  'BENNANI',
  'TAZI',
  'ALAOUI',
  'BERRADA',
  'BEN SALEM',
  'TRABELSI',
  'GHARBI',
  'JEBALI',
  'DIOP',
  'NDIAYE',
  'FALL',
  'SOW',
  'DIALLO',
  'BA',
  'NGO BIYONG',
  'MBARGA',
  'ESSOMBA',
  'KOUASSI',
  'KONAN',
  'TRAORÉ',
  'COULIBALY',
  'SHARMA',
  'PATEL',
  'IYER',
  'REDDY',
  'GUPTA',
  'SILVA',
  'SOUZA',
  'OLIVEIRA',
  'SANTOS',
  'GÓMEZ',
  'RODRÍGUEZ',
  'MARTÍNEZ',
  'HADDAD',
  'KHOURY',
  'NASSAR',
  'HOSSEINI',
  'KARIMI',
  'REZAEI',
  'BENALI',
  'BOUZID',
  'HAMIDI',
  'JOHNSON',
  'MILLER',
  'KOVALENKO',
  'SHEVCHENKO',
  'HERNÁNDEZ',
  'LÓPEZ',
  'YILMAZ',
  'KAYA',
  'DEMIR',
  'ÇELIK',
  'KIM',
  'PARK',
  'CHOI',
  'TANAKA',
  'SATO',
  'MÜLLER',
  'SCHMIDT',
  'ROSSI',
  'RUSSO',
  'IVANOV',
  'PETROV',
  'OKAFOR',
  'ADEYEMI',
  'MENSAH',
  'ASANTE',
  'RAKOTO',
  'RANDRIA',
  'HAKIMI',
  'SAIDI',
  "N'DIAYE",
  'QUISPE',
  'MAMANI',
  'CASTILLO',
  'VARGAS',
  'ALI',
  'KHAN',
  'HUSSAIN',
  'RAHMAN',
  'AHMED',
  'MOHAMED',
  'HASSAN',
  'ABDALLAH',
  'YUSUF',
  'OSMAN',
];
const FIRST_NAMES = [
  'Thi Mai',
  'Thu Trang',
  'Ngoc Anh',
  'Van Minh',
  'Duc Huy',
  'Xiaoling',
  'Yuqing',
  'Mengyao',
  'Hao',
  'Jiawei',
  'Zihan',
  'Salma',
  'Imane',
  'Kenza',
  'Youssef',
  'Mehdi',
  'Amine',
  'Amira',
  'Yasmine',
  'Skander',
  'Wassim',
  'Awa',
  'Fatou',
  'Aminata',
  'Moussa',
  'Cheikh',
  'Ibrahima',
  'Carine',
  'Laure',
  'Arnaud',
  'Junior',
  'Aya',
  'Mariam',
  'Serge',
  'Koffi',
  'Priya',
  'Ananya',
  'Divya',
  'Arjun',
  'Rohan',
  'Vikram',
  'Mariana',
  'Beatriz',
  'Lucas',
  'Gabriel',
  'Valentina',
  'Camila',
  'Santiago',
  'Andrés',
  'Rita',
  'Maya',
  'Karim',
  'Élie',
  'Shirin',
  'Niloufar',
  'Reza',
  'Arash',
  'Lina',
  'Sarah',
  'Rayan',
  'Walid',
  'Emily',
  'Hannah',
  'Ethan',
  'Noah',
  'Olena',
  'Iryna',
  'Dmytro',
  'Oleksandr',
  'Ximena',
  'Fernanda',
  'Diego',
  'Emiliano',
  'Zeynep',
  'Elif',
  'Mehmet',
  'Emre',
  'Ji-woo',
  'Min-jun',
  'Yuki',
  'Haruto',
  'Léa',
  'Jonas',
  'Giulia',
  'Matteo',
  'Anastasia',
  'Dmitri',
  'Chinedu',
  'Ngozi',
  'Kwame',
  'Akosua',
  'Hery',
  'Fara',
  'Omar',
  'Nour',
  'Fatima',
  'Bilal',
  'Zainab',
  'Tariq',
  'Aisha',
  'Hamza',
];
const NATIONALITIES = [
  'VN',
  'CN',
  'MA',
  'TN',
  'SN',
  'CM',
  'CI',
  'IN',
  'BR',
  'CO',
  'LB',
  'IR',
  'DZ',
  'US',
  'UA',
  'MX',
  'TR',
  'KR',
  'JP',
  'NG',
  'GH',
  'MG',
  'PE',
  'PK',
  'EG',
];
const PREFECTURES = ['35', '35', '35', '35', '35', '35', '35', '44', '29', '56', '22', '75', '69', '31', '33', '13'];

const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/**
 * The documents a complete dossier of each procedure holds: for every slot that applies to
 * a tenant without a business project, the first option's items, with the attributes they
 * require — read from the catalog version itself, so the checklist finds them.
 */
async function documentPlans(db: ClientBase): Promise<{ procedure: string; kind: string; quantity: number; attributes: string }[]> {
  const { rows } = await db.query<{ code: string; definition: { slots?: Slot[] } }>(
    `SELECT DISTINCT ON (code) code, definition FROM procedure_versions ORDER BY code, version DESC`,
  );
  const plans: { procedure: string; kind: string; quantity: number; attributes: string }[] = [];
  for (const { code, definition } of rows) {
    for (const slot of definition.slots ?? []) {
      if (slot.when && !appliesToTenant(slot.when)) continue;
      const option = (slot.options ?? []).find((o) => !o.when || appliesToTenant(o.when));
      for (const item of option?.items ?? []) {
        const kind = item.kinds?.[0];
        if (!kind) continue;
        const attributes: Record<string, unknown> = {};
        for (const attribute of item.requires ?? []) attributes[attribute] = attribute === 'ePhotoCode' ? 'AB12CD34' : true;
        plans.push({ procedure: code, kind, quantity: item.count ?? 1, attributes: JSON.stringify(attributes) });
      }
    }
  }
  return plans;
}

interface Slot {
  when?: unknown;
  options?: { when?: unknown; items?: { kinds?: string[]; count?: number; requires?: string[] }[] }[];
}

/** Conditions of the catalog, as they stand for the generated dossiers (tenants, no business project, renewal case). */
function appliesToTenant(when: unknown): boolean {
  const w = when as { fact?: string; equals?: unknown; in?: unknown[]; not?: unknown; case?: string[] };
  if (w.not !== undefined) return !appliesToTenant(w.not);
  if (w.case) return w.case.includes('renewal');
  if (w.fact === 'housing') return w.equals === 'tenant' || (Array.isArray(w.in) && w.in.includes('tenant'));
  if (w.fact) return w.equals === false;
  return true;
}

/** The tables the generator fills by the hundred thousand. */
const BULK_TABLES = [
  'students',
  'dossiers',
  'dossier_search_words',
  'complement_requests',
  'deadlines',
  'dossier_history',
  'dossier_documents',
  'notifications',
];

/** Drops the indexes of `tables` that do not back a constraint (primary keys stay); returns the statements that rebuild them. */
async function dropSecondaryIndexes(db: ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  for (const { name } of rows) await db.query(`DROP INDEX "${name}"`);
  return rows.map((r) => r.definition);
}

/**
 * Generates the rows. The database must be migrated, with the catalog published, and hold
 * no dossier yet (the bench starts from an empty database).
 */
export async function generate(pool: Pool, options: GenerateOptions): Promise<GenerationReport> {
  const started = Date.now();
  const n = options.dossiers;
  const fresh = options.freshStudents ?? Math.max(20_000, Math.round(n * 0.05));
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  const rows: Record<string, number> = {};
  const stepOn =
    (db: ClientBase) =>
    async (name: string, sql: string, params: unknown[] = []) => {
      const t = Date.now();
      const result = await db.query(sql, params);
      rows[name] = (rows[name] ?? 0) + (result.rowCount ?? 0);
      options.onStep?.(name, result.rowCount ?? 0, Date.now() - t);
    };
  // two sessions: the tables that do not depend on each other are filled side by side
  const db = await bulkSession(pool);
  const other = await bulkSession(pool);
  try {
    const step = stepOn(db);
    const indexes = await dropSecondaryIndexes(db, BULK_TABLES);
    await step(
      'institutions',
      `INSERT INTO institutions (id, code, name, kind, city, contact_email, updated_at)
       SELECT pg_temp.uuid7(now(), i, 'i'), 'BENCH-' || lpad(i::text, 2, '0'), 'Établissement ' || i,
              (ARRAY['university','engineering_school','business_school','other'])[1 + i % 4]::"InstitutionKind", 'Ville ' || i, 'international@etab' || i || '.example', now()
       FROM generate_series(1, ${BENCH_INSTITUTION_COUNT}) i`,
    );
    await step(
      'agents',
      `INSERT INTO agents (id, email, display_name, role, active, updated_at)
       SELECT pg_temp.uuid7(now(), i, 'a'), 'agent' || i || '@bench.example', 'Agent ' || i, (CASE WHEN i % 10 = 0 THEN 'supervisor' ELSE 'agent' END)::"AgentRole", true, now()
       FROM generate_series(1, ${BENCH_AGENT_COUNT}) i`,
    );

    // Students 1..n hold dossier n; students n+1..n+fresh have none yet.
    // Dossier n's status, day of receipt and procedure follow from n (the same expressions below).
    const status = `(CASE WHEN pg_temp.r(n, 1) % 100 < 4 THEN 'received' WHEN pg_temp.r(n, 1) % 100 < 8 THEN 'incomplete' WHEN pg_temp.r(n, 1) % 100 < 10 THEN 'verified'
                          WHEN pg_temp.r(n, 1) % 100 < 18 THEN 'forwarded' WHEN pg_temp.r(n, 1) % 100 < 85 THEN 'decided' ELSE 'closed' END)`;
    const procedure = `(CASE WHEN pg_temp.r(n, 2) % 100 < 60 THEN 'rece' WHEN pg_temp.r(n, 2) % 100 < 85 THEN 'student-extension' ELSE 'talent-researcher' END)`;
    // open dossiers are recent; decided and closed ones spread over the catalog's life (since mid-2024)
    const ageDays = `(CASE ${status} WHEN 'received' THEN pg_temp.r(n, 3) % 20 WHEN 'incomplete' THEN 5 + pg_temp.r(n, 3) % 20 WHEN 'verified' THEN 5 + pg_temp.r(n, 3) % 15
                          WHEN 'forwarded' THEN 15 + pg_temp.r(n, 3) % 75 ELSE 100 + pg_temp.r(n, 3) % 750 END)`;
    // the names, and their search form folded as the application folds them
    const names = `${sqlArray(BIRTH_NAMES)} AS birth_names, ${sqlArray(FIRST_NAMES)} AS first_names,
                   ${sqlArray(BIRTH_NAMES.map(searchText))} AS birth_folded, ${sqlArray(FIRST_NAMES.map(searchText))} AS first_folded`;

    await step(
      'students',
      `WITH i AS (SELECT array_agg(id ORDER BY code) AS ids FROM institutions WHERE code LIKE 'BENCH-%'), nm AS (SELECT ${names}),
       g AS (SELECT n, CASE WHEN n <= $1::int THEN ${procedure} ELSE 'rece' END AS procedure,
                    CASE WHEN n <= $1::int THEN $2::date - ${ageDays} ELSE $2::date - 30 END AS received_at FROM generate_series(1, $1::int + $3::int) n)
       INSERT INTO students (id, institution_id, student_number, birth_name, usage_name, first_names, search_name, sex, birth_date, birth_place, birth_country,
                             nationality, foreigner_number, email, mobile_phone, address_line1, postal_code, city, preferred_language, programme, level,
                             academic_year, expected_defence_date, permit_kind, permit_number, permit_valid_from, permit_valid_until, created_at, updated_at)
       SELECT pg_temp.uuid7(g.received_at - 400, n, 's'), i.ids[1 + n % array_length(i.ids, 1)], 'E' || lpad(n::text, 9, '0'),
              nm.birth_names[1 + pg_temp.r(n, 4) % array_length(nm.birth_names, 1)], NULL, nm.first_names[1 + pg_temp.r(n, 5) % array_length(nm.first_names, 1)],
              nm.birth_folded[1 + pg_temp.r(n, 4) % array_length(nm.birth_names, 1)] || ' ' || nm.first_folded[1 + pg_temp.r(n, 5) % array_length(nm.first_names, 1)],
              (ARRAY['female','male'])[1 + pg_temp.r(n, 6) % 2]::"Sex", date '1994-01-01' + pg_temp.r(n, 7) % 3650, 'Ville natale',
              (${sqlArray(NATIONALITIES)})[1 + pg_temp.r(n, 8) % ${NATIONALITIES.length}], (${sqlArray(NATIONALITIES)})[1 + pg_temp.r(n, 8) % ${NATIONALITIES.length}],
              lpad(n::text, 10, '0'), 'etudiant' || n || '@etu.example.org', '+3361' || lpad((n % 10000000)::text, 7, '0'),
              (1 + n % 200) || ' rue de la République', '35000', 'Rennes', (ARRAY['fr','en'])[1 + pg_temp.r(n, 9) % 2]::"Language",
              CASE g.procedure WHEN 'talent-researcher' THEN 'Doctorat' ELSE 'Master' END,
              (CASE g.procedure WHEN 'talent-researcher' THEN 'doctorate' ELSE 'm2' END)::"StudyLevel",
              CASE WHEN extract(month FROM g.received_at) >= 9 THEN extract(year FROM g.received_at)::int || '-' || extract(year FROM g.received_at)::int + 1
                   ELSE extract(year FROM g.received_at)::int - 1 || '-' || extract(year FROM g.received_at)::int END,
              CASE g.procedure WHEN 'student-extension' THEN g.received_at + 120 END,
              (CASE g.procedure WHEN 'talent-researcher' THEN 'talent_researcher' ELSE 'student' END)::"PermitKind", 'P' || lpad(n::text, 9, '0'),
              g.received_at - 300, g.received_at + 60, g.received_at - 400, now()
       FROM g, i, nm`,
      [n, today, fresh],
    );

    await step(
      'dossiers',
      `WITH a AS (SELECT array_agg(id ORDER BY email) AS ids FROM agents WHERE email LIKE '%@bench.example'),
       v AS (SELECT DISTINCT ON (code) code, id FROM procedure_versions ORDER BY code, version DESC),
       g AS (SELECT n, ${status}::"DossierStatus" AS status, ${procedure} AS procedure, $2::date - ${ageDays} AS received_at, pg_temp.r(n, 10) % 100 AS pick
             FROM generate_series(1, $1::int) n),
       d AS (SELECT g.*, CASE WHEN g.status IN ('forwarded', 'decided') THEN g.received_at + 10 END AS filed_at,
                    CASE WHEN g.status = 'closed' THEN (CASE WHEN g.pick < 50 THEN 'deadline_expired' WHEN g.pick < 80 THEN 'withdrawn' WHEN g.pick < 95 THEN 'not_eligible' ELSE 'duplicate' END) END AS close_reason,
                    'CMI-' || extract(year FROM g.received_at) || '-' || lpad(row_number() OVER (PARTITION BY extract(year FROM g.received_at) ORDER BY g.received_at, n)::text, 6, '0') AS reference
             FROM g)
       INSERT INTO dossiers (id, reference, search_text, student_id, institution_id, procedure_code, procedure_version_id, procedure_case, prefecture, facts, channel, status,
                             decision, close_reason, version, received_at, filed_at, prefecture_reference, implicit_rejection_on, decided_on, card_ready_on,
                             card_handed_over_on, deadline_at, assignee_id, created_at, updated_at)
       SELECT pg_temp.uuid7(d.received_at + interval '9 hours' + make_interval(secs => n % 30000), n, 'd'),
              d.reference, passerelle_dossier_search_text(d.reference, s.student_number, s.search_name), s.id, s.institution_id, d.procedure, v.id, CASE d.procedure WHEN 'talent-researcher' THEN 'renewal' END,
              (${sqlArray(PREFECTURES)})[1 + pg_temp.r(n, 11) % ${PREFECTURES.length}],
              CASE d.procedure WHEN 'student-extension' THEN '{}'::jsonb
                   WHEN 'talent-researcher' THEN jsonb_build_object('housing', 'tenant', 'hostIdAddressOutdated', false, 'diplomaTitle', 'Master recherche', 'diplomaIssuedOn', (d.received_at - 700)::text,
                                                                    'diplomaInstitution', 'Université de Rennes', 'hostOrganisation', 'Inria', 'euMobilityProgramme', false, 'linkNature', 'Contrat doctoral')
                   ELSE '{"housing": "tenant", "hostIdAddressOutdated": false, "businessCreation": false}'::jsonb END,
              (CASE d.procedure WHEN 'rece' THEN 'postal' ELSE 'anef' END)::"Channel", d.status,
              (CASE WHEN d.status = 'decided' THEN (CASE WHEN d.pick < 90 THEN 'favourable' ELSE 'refused' END) END)::"Decision", d.close_reason::"CloseReason",
              CASE d.status WHEN 'received' THEN 1 WHEN 'incomplete' THEN 2 WHEN 'verified' THEN 2 WHEN 'forwarded' THEN 3 WHEN 'decided' THEN 4
                            ELSE (CASE WHEN d.close_reason = 'deadline_expired' THEN 3 ELSE 2 END) END,
              d.received_at, d.filed_at, CASE WHEN d.filed_at IS NOT NULL THEN 'PREF-' || n END, d.filed_at + 90,
              CASE WHEN d.status = 'decided' THEN d.filed_at + 40 + d.pick % 40 END,
              CASE WHEN d.status = 'decided' AND d.pick < 90 THEN d.filed_at + 60 + d.pick % 40 END,
              CASE WHEN d.status = 'decided' AND d.pick < 80 THEN d.filed_at + 70 + d.pick % 40 END,
              CASE d.status WHEN 'incomplete' THEN (d.received_at + 35)::timestamptz + interval '23 hours 59 minutes' WHEN 'forwarded' THEN (d.filed_at + 90)::timestamptz END,
              CASE WHEN d.pick < 85 THEN a.ids[1 + n % array_length(a.ids, 1)] END,
              d.received_at + interval '9 hours', d.received_at + interval '9 hours'
       FROM d JOIN v ON v.code = d.procedure
       JOIN students s ON s.id = pg_temp.uuid7((CASE WHEN n <= $1::int THEN d.received_at ELSE $2::date - 30 END) - 400, n, 's'), a`,
      [n, today],
    );
    await step(
      'reference counters',
      `INSERT INTO reference_counters (prefix, year, last)
       SELECT 'CMI', split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int) FROM dossiers GROUP BY 2
       ON CONFLICT (prefix, year) DO UPDATE SET last = greatest(reference_counters.last, EXCLUDED.last)`,
    );

    const otherStep = stepOn(other);
    const plans = options.core ? [] : await documentPlans(db);
    await Promise.all([
      (async () => {
        // complement requests: open on incomplete dossiers, expired on the ones closed at their deadline
        await otherStep(
          'complement requests',
          `INSERT INTO complement_requests (id, dossier_id, status, items, message, due_on, requested_at, closed_at)
           SELECT pg_temp.uuid7(d.received_at + 5, 0, d.id::text), d.id, (CASE d.status WHEN 'incomplete' THEN 'open' ELSE 'expired' END)::"ComplementStatus",
                  '[{"code": "missing", "slot": "proof-of-address", "message": {"fr": "Justificatif de domicile manquant", "en": "Proof of address missing"}}]'::jsonb,
                  NULL, d.received_at + 35, d.received_at + 5 + interval '10 hours', CASE WHEN d.status = 'closed' THEN (d.received_at + 36)::timestamptz END
           FROM dossiers d WHERE d.status = 'incomplete' OR d.close_reason = 'deadline_expired'`,
        );
        // deadlines: pending on incomplete and forwarded dossiers; fired or cancelled on the others
        await otherStep(
          'deadlines',
          `INSERT INTO deadlines (id, dossier_id, kind, due_at, status, complement_request_id, created_at, settled_at)
           SELECT pg_temp.uuid7(c.requested_at, 1, c.dossier_id::text), c.dossier_id, 'complement'::"DeadlineKind", (c.due_on::timestamptz + interval '23 hours 59 minutes'),
                  (CASE c.status WHEN 'open' THEN 'pending' ELSE 'fired' END)::"DeadlineStatus", c.id, c.requested_at, c.closed_at
           FROM complement_requests c
           UNION ALL
           SELECT pg_temp.uuid7(d.filed_at + interval '10 hours', 2, d.id::text), d.id, 'prefecture_silence'::"DeadlineKind", d.implicit_rejection_on::timestamptz,
                  (CASE d.status WHEN 'forwarded' THEN 'pending' ELSE 'cancelled' END)::"DeadlineStatus", NULL, d.filed_at + interval '10 hours',
                  CASE WHEN d.status = 'decided' THEN d.decided_on::timestamptz END
           FROM dossiers d WHERE d.filed_at IS NOT NULL`,
        );
        await otherStep(
          'e-mails',
          `INSERT INTO notifications (id, event_key, dossier_id, student_id, template, language, recipient, subject, status, attempts, smtp_message_id, created_at, updated_at, sent_at)
           SELECT pg_temp.uuid7(d.received_at + interval '9 hours', 3, d.id::text), 'email:' || d.id || ':opened:dossier_opened', d.id, s.id, 'dossier_opened',
                  s.preferred_language::text, s.email, 'Dossier ' || d.reference, 'sent', 1, '<' || d.id || '@bench.example>',
                  d.received_at + interval '9 hours', d.received_at + interval '9 hours', d.received_at + interval '9 hours 1 minute'
           FROM dossiers d JOIN students s ON s.id = d.student_id WHERE d.status IN ('received', 'incomplete', 'verified', 'forwarded')`,
        );
        if (options.core) return;
        await otherStep(
          'history',
          `INSERT INTO dossier_history (dossier_id, event, from_status, to_status, actor_id, actor_label, reason, details, at)
           SELECT d.id, p.event, p.from_status::"DossierStatus", p.to_status::"DossierStatus", CASE WHEN p.event = 'closed' AND d.close_reason = 'deadline_expired' THEN NULL ELSE d.assignee_id END,
                  CASE WHEN p.event = 'closed' AND d.close_reason = 'deadline_expired' THEN 'system' ELSE 'Agent' END,
                  CASE WHEN p.event = 'closed' THEN d.close_reason::text END, '{}'::jsonb, d.received_at + p.after_days + interval '9 hours' + make_interval(mins => p.step)
           FROM dossiers d
           JOIN (VALUES
             ('*', 0, 'opened', NULL, 'received', 0),
             ('incomplete', 1, 'complement_requested', 'received', 'incomplete', 5),
             ('verified', 1, 'verified', 'received', 'verified', 4),
             ('forwarded', 1, 'verified', 'received', 'verified', 4), ('forwarded', 2, 'forwarded', 'verified', 'forwarded', 10),
             ('decided', 1, 'verified', 'received', 'verified', 4), ('decided', 2, 'forwarded', 'verified', 'forwarded', 10), ('decided', 3, 'decided', 'forwarded', 'decided', 50),
             ('closed:deadline_expired', 1, 'complement_requested', 'received', 'incomplete', 5), ('closed:deadline_expired', 2, 'closed', 'incomplete', 'closed', 36),
             ('closed:other', 1, 'closed', 'received', 'closed', 7)
           ) AS p(path, step, event, from_status, to_status, after_days)
             ON p.path = '*' OR p.path = d.status::text
                OR p.path = 'closed:' || (CASE WHEN d.close_reason = 'deadline_expired' THEN 'deadline_expired' ELSE 'other' END) AND d.status = 'closed'`,
        );
      })(),
      (async () => {
        // the dossiers' words, as their trigger (off here) writes them; in id order, so the primary key grows at its end
        await step(
          'search words',
          `INSERT INTO dossier_search_words (word, dossier_id, status, received_at, institution_id)
           SELECT w, d.id, d.status, d.received_at, d.institution_id
           FROM (SELECT id, status, received_at, institution_id, search_text FROM dossiers ORDER BY id) d
           CROSS JOIN LATERAL passerelle_search_words(d.search_text) AS w`,
        );
        if (options.core) return;
        await step(
          'documents',
          `WITH p AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[]) AS p(procedure, kind, quantity, attributes))
           INSERT INTO dossier_documents (id, dossier_id, kind, issued_on, quantity, attributes, status, received_at, reviewed_at, updated_at)
           SELECT pg_temp.uuid7(d.received_at + interval '9 hours', ordinality, d.id::text), d.id, p.kind, d.received_at - 15, p.quantity,
                  p.attributes || jsonb_build_object('validUntil', (d.received_at + 700)::text),
                  (CASE WHEN d.status IN ('received', 'incomplete') THEN 'received' ELSE 'accepted' END)::"DocumentStatus", d.received_at + interval '9 hours',
                  CASE WHEN d.status NOT IN ('received', 'incomplete') THEN d.received_at + interval '4 days' END, d.received_at + interval '9 hours'
           FROM dossiers d JOIN (SELECT p.*, row_number() OVER (PARTITION BY procedure) AS ordinality FROM p) p ON p.procedure = d.procedure_code
           -- an incomplete dossier lacks one of its documents (what its complement request asks for)
           WHERE NOT (d.status = 'incomplete' AND p.ordinality = 2)`,
          [plans.map((p) => p.procedure), plans.map((p) => p.kind), plans.map((p) => p.quantity), plans.map((p) => p.attributes)],
        );
      })(),
    ]);

    // the indexes, rebuilt in bulk on both sessions
    const queue = [...indexes];
    const build = async (session: ClientBase) => {
      for (let index = queue.shift(); index; index = queue.shift()) await stepOn(session)('indexes', index);
    };
    await Promise.all([build(db), build(other)]);
    await db.query(`ANALYZE`);
    const [{ students }] = (await db.query<{ students: string }>(`SELECT count(*) AS students FROM students`)).rows as [{ students: string }];
    return { dossiers: n, students: Number(students), rows, seconds: (Date.now() - started) / 1000 };
  } finally {
    db.release();
    other.release();
  }
}

/** A session set for a bulk load (see generate), with the generator's SQL functions. */
async function bulkSession(pool: Pool): Promise<PoolClient> {
  const db = await pool.connect();
  await db.query(`SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'`);
  // A bulk load as PostgreSQL's manual advises: the triggers off for this session (foreign
  // keys: the rows are built consistent; the dossiers' search text and words are written here), the
  // secondary indexes dropped and rebuilt once at the end.
  await db.query(`SET session_replication_role = replica`);
  // pseudo-random but repeatable: a hash of the row number and a salt, in [0, 2^31)
  await db.query(
    `CREATE OR REPLACE FUNCTION pg_temp.r(n bigint, salt int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT hashint8(n * 7919 + salt) & 2147483647'`,
  );
  // time-ordered ids like the application's uuid v7: the millisecond, then hashed bits (each
  // argument used once and the function STABLE like extract(): PostgreSQL inlines it, three
  // times faster than calling it)
  await db.query(`CREATE OR REPLACE FUNCTION pg_temp.uuid7(at timestamptz, n bigint, salt text) RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT (lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') || '7' || overlay(substr(md5(salt || n), 1, 18) placing '8' from 4 for 0))::uuid $$`);
  return db;
}
