import { defaultExpiry, endOfOfficeDay, keyState } from './integrationForms';

describe('a key as the list says it', () => {
  const now = new Date('2027-03-01T10:00:00Z');

  it('is revoked once revoked, whatever its expiry', () => {
    expect(keyState({ revokedAt: '2027-02-01T10:00:00Z', expiresAt: '2028-01-01T00:00:00Z' }, now)).toBe('revoked');
    expect(keyState({ revokedAt: '2027-02-01T10:00:00Z', expiresAt: '2027-02-15T00:00:00Z' }, now)).toBe('revoked');
  });

  it('is expired from its expiry on, else active', () => {
    expect(keyState({ revokedAt: null, expiresAt: '2027-03-01T10:00:00Z' }, now)).toBe('expired');
    expect(keyState({ revokedAt: null, expiresAt: '2027-03-01T10:00:01Z' }, now)).toBe('active');
  });
});

describe('the expiry a form sends', () => {
  it('is the end of the day at the office, with its offset of that season', () => {
    expect(endOfOfficeDay('2027-01-15')).toBe('2027-01-15T23:59:59+01:00');
    expect(endOfOfficeDay('2027-07-15')).toBe('2027-07-15T23:59:59+02:00');
  });

  it('is offered a year from today', () => {
    expect(defaultExpiry('2026-12-08')).toBe('2027-12-08');
  });
});
