import { problemTypeSlugs } from './problem';
import { PROBLEM_TYPES, problemType } from './problem-types';

describe('problem types', () => {
  it('has a page (meaning and advice, fr and en) for every type the API can answer, and none it cannot', () => {
    const slugs = problemTypeSlugs();
    expect(slugs.filter((slug) => !problemType(slug))).toEqual([]);
    expect(Object.keys(PROBLEM_TYPES).filter((slug) => !slugs.includes(slug))).toEqual([]);
    for (const slug of slugs)
      for (const language of ['fr', 'en'] as const) {
        const { meaning, advice } = PROBLEM_TYPES[slug]![language];
        expect(meaning).toMatch(/^[A-ZÀ-Ý].+\.$/);
        expect(advice).toMatch(/^[A-ZÀ-Ý].+\.$/);
      }
  });

  it('writes French with a non-breaking space before « : ; ? ! »', () => {
    for (const entry of Object.values(PROBLEM_TYPES)) expect(`${entry.fr.meaning} ${entry.fr.advice}`).not.toMatch(/[^\u00a0][:;?!](\s|$)/);
  });

  it('knows nothing of names the prototype has', () => {
    expect(problemType('constructor')).toBeUndefined();
    expect(problemType('toString')).toBeUndefined();
  });
});
