/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { DOSSIER_PAGES, type DossierPage } from './screens-records';
import { DIALOG, DOSSIER_READY, firstIfAny, openDialog, page, part, settle, visit, type Screen } from './screens-walk';

export { addScan, readDemoRecords, type DemoRecords } from './screens-records';
export type { Screen, Walk } from './screens-walk';

/**
 * Every screen and dialog of the agents' web app, in one list: the French walk
 * (test/browser/french-walk.browser-spec.ts) reads each for English and raw codes and runs
 * axe-core on it, and `npm run screenshots` writes each to docs/screenshots/<name>.png.
 * A screen opens itself from a fresh load of its address and waits for its content, never
 * for a fixed time; the dialogs of a page are found on the page once it is open.
 */ /** A dossier's page and everything that opens from it: each move and prefecture step, recording, rejecting, assigning, the e-mails. */
function dossierScreen(status: DossierPage): Screen {
  const screen: Screen = page(
    `dossier-${status}`,
    `A dossier, ${status.replace('-', ' ')}`,
    (w) => `/dossiers/${w.records.dossiers[status].id}/show`,
    DOSSIER_READY,
  );
  screen.parts = async ({ page: p }) => {
    const parts: Screen[] = [];
    const dossier = p.getByTestId('dossier-page');
    for (const button of await dossier.locator('button[data-move]:enabled, button[data-step]:enabled').all()) {
      const move = await button.getAttribute('data-move');
      const selector = move ? `button[data-move="${move}"]` : `button[data-step="${await button.getAttribute('data-step')}"]`;
      const label = ((await button.textContent()) ?? '').trim();
      parts.push(
        part(
          screen,
          move ? `move-${move}` : `step-${await button.getAttribute('data-step')}`,
          `${label} (dialog)`,
          (w) => openDialog(w.page, w.page.locator(selector)),
          DIALOG,
        ),
      );
    }
    const triggers: [string, string, (page: Page) => Locator][] = [
      ['record-document', 'Recording a document (dialog)', (pg) => pg.locator('tr[data-slot]').getByRole('button', { name: /^(Enregistrer|Ajouter)/ })],
      ['reject-document', 'Rejecting a document (dialog)', (pg) => pg.locator('[data-document]').getByRole('button', { name: /^Refuser/ })],
      [
        'accept-all',
        'Accepting every document left (confirmation)',
        (pg) => pg.getByTestId('dossier-page').getByRole('button', { name: /tout accepter|accepter (toutes|tout)/i }),
      ],
      ['note', 'Writing an internal note', (pg) => pg.getByTestId('dossier-page').getByRole('button', { name: /note/i })],
      ['student-link', "Sending the student's personal link again (confirmation)", (pg) => pg.locator('[data-testid="resend-link"]:enabled')],
      ['revoke-link', "Revoking the student's access to their page (confirmation)", (pg) => pg.locator('[data-testid="revoke-link"]:enabled')],
    ];
    for (const [name, title, find] of triggers)
      if (await firstIfAny(find(p)))
        parts.push(
          part(screen, name, title, async (w) => {
            const trigger = await firstIfAny(find(w.page));
            if (!trigger) return false;
            await trigger.click();
            // a dialog, or a form or preview in the page
            await w.page.locator(`${DIALOG}, form, [data-testid$="preview"]`).last().waitFor();
            await settle(w.page);
          }),
        );
    if (await p.locator('#reassign').count())
      parts.push(
        part(
          screen,
          'assign',
          'Giving the dossier to an agent (the list of agents)',
          async (w) => {
            await w.page.locator('#reassign').click();
            await w.page.getByRole('listbox').waitFor();
            await settle(w.page);
          },
          '[role="listbox"]',
        ),
      );
    if (await p.getByTestId('emails-tab').count()) {
      parts.push(
        part(screen, 'emails', "The dossier's e-mails", async (w) => {
          await w.page.getByTestId('emails-tab').click();
          await w.page.getByTestId('emails').waitFor();
          await settle(w.page);
        }),
      );
    }
    return parts;
  };
  return screen;
}

const login: Screen = {
  name: 'login-error',
  title: 'The login page, after a wrong password',
  loggedOut: true,
  open: async (walk) => {
    await walk.page.goto(`${walk.base}/#/login`);
    await walk.page.locator('#login-email').fill(walk.login.email);
    await walk.page.locator('#login-password').fill('not the password');
    await walk.page.locator('form button[type="submit"]').click();
    await walk.page.getByTestId('login-error').waitFor();
    await settle(walk.page);
  },
};

const inbox = page('inbox', 'The inbox: every dossier', '/dossiers', 'tbody tr');
const filters = encodeURIComponent(JSON.stringify({ status: ['received', 'incomplete'] }));
const shownFilters = encodeURIComponent(
  JSON.stringify({ q: true, status: true, procedureCode: true, institutionId: true, assigneeId: true, deadlineBefore: true }),
);
const filtered = page(
  'inbox-filtered',
  'The inbox with every filter shown and two statuses chosen',
  `/dossiers?filter=${filters}&displayedFilters=${shownFilters}`,
  'tbody tr',
);
const nothing = encodeURIComponent(JSON.stringify({ q: 'zzzz-nobody' }));
const fromStudents = encodeURIComponent(JSON.stringify({ studentActivity: true }));
const transmissions = page('transmissions', 'Transmissions to the prefecture', '/transmissions', 'tbody tr');
const catalog = page('catalog', 'The catalog of procedures', '/procedures', 'tbody tr');
catalog.parts = async (walk) =>
  walk.records.procedureCodes.map((code) =>
    page(`catalog-${code}`, `A procedure of the catalog: ${code}`, `/procedures/${code}/show`, '[data-testid="procedure-page"]'),
  );

/** Optional screens: the app shows them where its menu links to them (`fragment` of the link's address). */
function linkedPage(name: string, title: string, fragment: string): Screen {
  return {
    name,
    title,
    open: async (walk) => {
      await visit(walk, '/', '[data-testid="dashboard"]');
      const link = await firstIfAny(walk.page.locator(`a[href*="#/${fragment}"]`));
      if (!link) return false;
      await link.click();
      await walk.page.waitForURL(new RegExp(`#/${fragment}`));
      await settle(walk.page);
    },
  };
}

function userMenu(name: string, title: string, item: RegExp | null): Screen {
  return {
    name,
    title,
    scope: item ? DIALOG : '[role="menu"]',
    open: async (walk) => {
      await visit(walk, '/', '[data-testid="dashboard"]');
      const button = await firstIfAny(walk.page.locator('header').getByRole('button', { name: /profil|compte|mot de passe/i }));
      if (!button) return false;
      await button.click();
      await walk.page.getByRole('menu').waitFor();
      await settle(walk.page);
      if (!item) return;
      const entry = await firstIfAny(walk.page.getByRole('menuitem', { name: item }));
      if (!entry) return false;
      await openDialog(walk.page, entry);
    },
  };
}

const studentShow = page('student-show', 'A student', (w) => `/students/${w.records.studentId}/show`, '[role="tab"]');
studentShow.parts = async () => [
  part(studentShow, 'studies', 'A student: studies and permit', async (w) => {
    await w.page.getByRole('tab').nth(1).click();
    await settle(w.page);
  }),
];

export const SCREENS: Screen[] = [
  login,
  page('dashboard', 'The dashboard', '/', '[data-testid="dashboard"] [data-testid="count-received"]'),
  inbox,
  filtered,
  {
    ...page('inbox-filter-menu', 'The inbox, choosing a filter to add', '/dossiers', 'tbody tr'),
    scope: '[role="menu"]',
    open: async (walk) => {
      await visit(walk, '/dossiers', 'tbody tr');
      await walk.page.getByRole('button', { name: /ajouter un filtre/i }).click();
      await walk.page.getByRole('menu').waitFor();
      await settle(walk.page);
    },
  },
  page('inbox-no-result', 'The inbox, a search that finds nothing', `/dossiers?filter=${nothing}`, 'main'),
  page(
    'inbox-student-activity',
    'The inbox: what students sent, not looked at yet',
    `/dossiers?filter=${fromStudents}`,
    'tbody tr [data-testid="student-activity"]',
  ),
  page('dossier-create', 'Opening a dossier', '/dossiers/create', 'form'),
  ...DOSSIER_PAGES.map(dossierScreen),
  {
    ...page('dossier-email', 'An e-mail of a dossier, as the student received it (dialog)', (w) => `/dossiers/${w.records.emailDossierId}/show`, DOSSIER_READY),
    scope: DIALOG,
    open: async (walk) => {
      await visit(walk, `/dossiers/${walk.records.emailDossierId}/show`, DOSSIER_READY);
      await walk.page.getByTestId('emails-tab').click();
      await openDialog(walk.page, walk.page.getByTestId('emails').getByTestId('open-email').first());
    },
  },
  {
    ...page('dossier-scan', 'A scan previewed in the dossier page (dialog)', (w) => `/dossiers/${w.records.dossiers.received.id}/show`, DOSSIER_READY),
    scope: DIALOG,
    open: async (walk) => {
      await visit(walk, `/dossiers/${walk.records.dossiers.received.id}/show`, DOSSIER_READY);
      await openDialog(walk.page, walk.page.getByTestId('open-scan').first());
    },
  },
  {
    ...page(
      'dossier-messages',
      'The messages with the student, from each side, a file attached',
      (w) => `/dossiers/${w.records.dossiers.received.id}/show`,
      DOSSIER_READY,
    ),
    scope: '[data-testid="messages-card"]',
    open: async (walk) => {
      await visit(walk, `/dossiers/${walk.records.dossiers.received.id}/show`, '[data-testid="messages-card"] [data-testid="message"]');
    },
  },
  {
    ...page(
      'dossier-attachment',
      "A message's file previewed in the dossier page (dialog)",
      (w) => `/dossiers/${w.records.dossiers.received.id}/show`,
      DOSSIER_READY,
    ),
    scope: DIALOG,
    open: async (walk) => {
      await visit(walk, `/dossiers/${walk.records.dossiers.received.id}/show`, '[data-testid="messages-card"] [data-testid="message"]');
      await openDialog(walk.page, walk.page.getByTestId('open-attachment').first());
    },
  },
  page('students', 'Students', '/students', 'tbody tr'),
  studentShow,
  page('student-create', 'Registering a student', '/students/create', 'form'),
  page('student-edit', 'Changing a student', (w) => `/students/${w.records.studentId}`, 'form input'),
  page('institutions', 'Institutions', '/institutions', 'tbody tr'),
  page('institution-edit', 'Changing an institution', (w) => `/institutions/${w.records.institutionId}`, 'form input'),
  page('institution-create', 'Adding an institution', '/institutions/create', 'form'),
  page('agents', 'Agents', '/agents', 'tbody tr'),
  page('agent-edit', 'Changing an agent', (w) => `/agents/${w.records.agentId}`, 'form input'),
  page('agent-create', 'Adding an agent', '/agents/create', 'form'),
  catalog,
  linkedPage('email-templates', 'The e-mail wordings', 'email-templates'),
  linkedPage('office', "The office's profile", 'office'),
  userMenu('user-menu', "The agent's menu", null),
  userMenu('password', 'Changing my password (dialog)', /mot de passe/i),
  transmissions,
  page('transmission-show', 'A transmission and its dossiers', (w) => `/transmissions/${w.records.transmissionId}/show`, '[data-testid="transmission-page"]'),
  page('transmission-create', 'A new transmission: the verified dossiers to pick', '/transmissions/create', '[data-testid="verified-dossiers"] tbody tr'),
  {
    name: 'transmission-confirm',
    title: 'Confirming a batch before it goes to the prefecture (dialog)',
    scope: DIALOG,
    open: async (walk) => {
      await visit(walk, '/transmissions/create', '[data-testid="verified-dossiers"] tbody tr');
      await walk.page.locator('[data-testid="verified-dossiers"] tbody tr').first().getByRole('checkbox').check();
      await walk.page.locator('#transmission-contact').fill('Préfecture d’Ille-et-Vilaine — bureau du séjour');
      await walk.page.getByTestId('create-transmission').click();
      // last of the list: without a confirmation, the click has sent the batch
      await walk.page.locator(`${DIALOG}, [data-testid="transmission-page"]`).first().waitFor();
      if (!(await walk.page.getByRole('dialog').count())) return false;
      await settle(walk.page);
    },
  },
];
