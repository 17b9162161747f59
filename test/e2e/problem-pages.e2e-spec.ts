import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../src/app.setup';
import { problemTypeSlugs } from '../../src/common/problem';
import { PROBLEM_TYPES } from '../../src/common/problem-types';
import { loadConfig } from '../../src/config/app-config';
import { anonymous, asAgent } from '../support/api';

describe('problem type pages (GET /problems/:type)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApi(loadConfig(process.env));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('answers every type the API can answer with a page in French, without a token', async () => {
    for (const slug of problemTypeSlugs()) {
      const page = await anonymous(app).get(`/problems/${slug}`).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(page.headers['content-language']).toBe('fr');
      expect(page.text).toContain('<html lang="fr">');
      expect(page.text).toContain('Que faire');
      expect(page.text).toContain(PROBLEM_TYPES[slug]!.fr.meaning);
    }
  });

  it('answers in English when Accept-Language asks for it, in French otherwise', async () => {
    const english = await anonymous(app).get('/problems/stale-version').set('accept-language', 'en-GB,en;q=0.8').expect(200);
    expect(english.headers['content-language']).toBe('en');
    expect(english.text).toContain(PROBLEM_TYPES['stale-version']!.en.advice);
    const french = await anonymous(app).get('/problems/stale-version').set('accept-language', 'fr-FR,en;q=0.5').expect(200);
    expect(french.text).toContain('Ce que cela signifie');
    const other = await anonymous(app).get('/problems/stale-version').set('accept-language', 'de').expect(200);
    expect(other.headers['content-language']).toBe('fr');
  });

  it("links to the page in the other language, which ?lang= gives whatever the browser's Accept-Language", async () => {
    const french = await anonymous(app).get('/problems/stale-version').set('accept-language', 'fr').expect(200);
    expect(french.text).toContain('<a href="/problems/stale-version?lang=en" hreflang="en" lang="en">This page in English</a>');
    const english = await anonymous(app).get('/problems/stale-version?lang=en').set('accept-language', 'fr').expect(200);
    expect(english.headers['content-language']).toBe('en');
    expect(english.text).toContain(PROBLEM_TYPES['stale-version']!.en.meaning);
    expect(english.text).toContain('<a href="/problems/stale-version?lang=fr" hreflang="fr" lang="fr">Cette page en français</a>');
  });

  it('resolves the type of a problem the API answers', async () => {
    const problem = await asAgent(app).get('/api/dossiers/01929c4e-7b1a-7c3e-9f2d-4a5b6c7d8e9f').expect(404);
    await anonymous(app).get(String(problem.body.type)).expect(200);
  });

  it('answers an unknown type with a 404 problem+json', async () => {
    const unknown = await anonymous(app).get('/problems/no-such-type').set('accept-language', 'fr').expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 404, code: 'problem-type.not-found', params: { type: 'no-such-type' }, type: '/problems/not-found' });
    await anonymous(app).get('/problems/constructor').expect(404);
  });
});
