import { allowedHosts, checkAddress, checkUrl, isPublicAddress, ResolvedAddress } from './webhooks.address';

const resolvesTo =
  (...addresses: string[]) =>
  (): Promise<ResolvedAddress[]> =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
const none = new Set<string>();

describe('isPublicAddress', () => {
  it.each(['8.8.8.8', '2001:4860:4860::8888', '93.184.216.34'])('lets %s through', (address) => expect(isPublicAddress(address)).toBe(true));

  it.each([
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['100.64.0.1', 'CGNAT'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['not an address', 'no address'],
  ])('refuses %s (%s)', (address) => expect(isPublicAddress(address)).toBe(false));
});

describe('checkUrl', () => {
  it('wants https://, without credentials', () => {
    expect(checkUrl('https://example.org/hook', none).ok).toBe(true);
    expect(checkUrl('http://example.org/hook', none).ok).toBe(false);
    expect(checkUrl('ftp://example.org/hook', none).ok).toBe(false);
    expect(checkUrl('https://user:pw@example.org/hook', none).ok).toBe(false);
    expect(checkUrl('not a url', none).ok).toBe(false);
  });

  it('takes http:// for an allowed host only', () => {
    expect(checkUrl('http://receiver.test:8080/hook', allowedHosts(' Receiver.test ,other')).ok).toBe(true);
  });
});

describe('checkAddress', () => {
  it('resolves the host and gives its addresses to connect to', async () => {
    expect(await checkAddress('https://example.org/hook', none, resolvesTo('93.184.216.34'))).toEqual({
      ok: true,
      host: 'example.org',
      addresses: [{ address: '93.184.216.34', family: 4 }],
    });
  });

  it('refuses a host of which any address is not public (one private answer among public ones too)', async () => {
    const check = await checkAddress('https://example.org/hook', none, resolvesTo('93.184.216.34', '10.0.0.1'));
    expect(check).toEqual({ ok: false, reason: 'address 10.0.0.1 is not public (private)' });
  });

  it.each(['https://10.0.0.1/', 'https://169.254.169.254/latest/meta-data', 'https://[::1]:8443/', 'https://localhost/'])('refuses %s', async (url) =>
    expect((await checkAddress(url, none, resolvesTo('127.0.0.1'))).ok).toBe(false),
  );

  it('lets an allowed host reach a private address', async () => {
    expect((await checkAddress('http://127.0.0.1:9999/', allowedHosts('127.0.0.1'), resolvesTo())).ok).toBe(true);
    expect((await checkAddress('http://localhost:9999/', allowedHosts('localhost'), resolvesTo('127.0.0.1'))).ok).toBe(true);
  });

  it('refuses a host that does not resolve', async () => {
    const check = await checkAddress('https://nowhere.invalid/', none, () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })));
    expect(check).toEqual({ ok: false, reason: 'host not found (ENOTFOUND)' });
  });
});
