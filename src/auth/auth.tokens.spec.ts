import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '../config/app-config';
import { Tokens } from './auth.tokens';

describe('Tokens', () => {
  const claims = { sub: '0190a0b0-0000-7000-8000-000000000001', sid: '0190a0b0-0000-7000-8000-000000000002' };
  let tokens: Tokens;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2027-01-04T09:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    tokens = new Tokens(loadConfig({ AUTH_TOKEN_SECRET: 'a secret of this test, long enough for HS256', AUTH_ACCESS_TTL_SECONDS: '900' }));
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('checks a token once, then knows it', () => {
    const token = tokens.access(claims);
    const verify = jest.spyOn(JwtService.prototype, 'verify');
    expect(tokens.verify(token)).toEqual(claims);
    expect(tokens.verify(token)).toEqual(claims);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a known token once it has expired', () => {
    const token = tokens.access(claims);
    expect(tokens.verify(token)).toEqual(claims);
    jest.setSystemTime(Date.now() + 900_000 - 1000);
    expect(tokens.verify(token)).toEqual(claims);
    jest.setSystemTime(Date.now() + 2000);
    expect(tokens.verify(token)).toBeNull();
  });

  it('never knows a token whose signature is wrong', () => {
    const token = tokens.access(claims);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(tokens.verify(forged)).toBeNull();
    expect(tokens.verify(forged)).toBeNull();
    expect(tokens.verify(token)).toEqual(claims);
  });
});
