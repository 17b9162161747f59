import { boundedStatementNames, statement } from './statements';

describe('prepared statements', () => {
  it('names each distinct text once, up to the cap, then leaves the rest unnamed', () => {
    const name = boundedStatementNames(2);
    const a = name({ sql: 'SELECT 1' });
    expect(a).toMatch(/^q_/);
    expect(name({ sql: 'SELECT 1' })).toBe(a);
    expect(name({ sql: 'SELECT 2' })).toMatch(/^q_/);
    expect(name({ sql: 'SELECT 3' })).toBe('');
    expect(name({ sql: 'SELECT 1' })).toBe(a);
  });

  it('never names a text of several commands, which PostgreSQL cannot prepare', () => {
    const name = boundedStatementNames(10);
    expect(name({ sql: 'SET LOCAL lock_timeout = 1; SELECT 1' })).toBe('');
    expect(name({ sql: 'SELECT 1;' })).toMatch(/^q_/);
  });

  it('refuses one name for two texts', () => {
    statement('spec_one', 'SELECT  1');
    expect(statement('spec_one', 'SELECT 1').text).toBe('SELECT 1');
    expect(() => statement('spec_one', 'SELECT 2')).toThrow(/declared twice/);
  });
});
