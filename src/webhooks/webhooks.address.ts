import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may go (SSRF): an https:// address whose host resolves to public unicast
 * addresses only — never private, loopback, link-local (the cloud's metadata at
 * 169.254.169.254), unique-local, CGNAT, multicast, unspecified or reserved ones. The hosts
 * of WEBHOOK_ALLOWED_HOSTS are let through whatever they resolve to, and may use http://.
 * The address checked is the one connected to (the sender pins it), so a DNS answer that
 * changes between the check and the connection (rebinding) gains nothing.
 */

/** Why an address is refused, or the addresses to connect to. */
export type AddressCheck = { ok: true; host: string; addresses: ResolvedAddress[] } | { ok: false; reason: string };

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** The hosts of WEBHOOK_ALLOWED_HOSTS ("receiver.test, 127.0.0.1"), lower-cased. */
export function allowedHosts(value: string): Set<string> {
  return new Set(
    value
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The host of a URL as DNS and the allowlist know it ([::1] → ::1). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** The URL's own rules, before any DNS: scheme, no credentials, a host. */
export function checkUrl(raw: string, allowed: ReadonlySet<string>): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL' };
  const host = hostOf(url);
  if (url.protocol === 'http:' && !allowed.has(host)) return { ok: false, reason: 'http:// only for the hosts of WEBHOOK_ALLOWED_HOSTS' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `scheme ${url.protocol} refused` };
  if (!host) return { ok: false, reason: 'no host' };
  return { ok: true, url };
}

/** Whether an IP address is a public one (ipaddr.js calls them unicast; IPv4-mapped IPv6 counts as its IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The URL checked, its host resolved and every address it gives checked. */
export async function checkAddress(raw: string, allowed: ReadonlySet<string>, resolve: Resolver = systemResolver): Promise<AddressCheck> {
  const checked = checkUrl(raw, allowed);
  if (!checked.ok) return checked;
  const host = hostOf(checked.url);
  let addresses: ResolvedAddress[];
  if (ipaddr.isValid(host)) addresses = [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      return { ok: false, reason: `host not found (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'host not found' };
  if (!allowed.has(host)) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) return { ok: false, reason: `address ${refused.address} is not public (${ipaddr.process(refused.address).range()})` };
  }
  return { ok: true, host, addresses };
}
