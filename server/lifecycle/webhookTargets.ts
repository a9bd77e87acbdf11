/**
 * Where a webhook set through the API may point (issue 11: any responder could aim roster
 * webhooks at the server's own loopback, a blind SSRF of 20 URLs × 3 tries per page).
 *
 * - Only the API token may set a target outside WEBHOOK_ALLOWED_HOSTS.
 * - Loopback, link-local, private and other non-public addresses are refused unless their host
 *   is listed, both when the target is set (an address literal) and when it is delivered to
 *   (what the name resolves to then, checked on the connection itself, so a name that resolves
 *   to a public address when saved and a private one later still cannot reach inside).
 *
 * Addresses an operator writes into environment variables are not checked: they are trusted as
 * configured.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import type { Principal } from '../../shared/access.ts';

const NON_PUBLIC = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return NON_PUBLIC.check(mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

export class WebhookTargets {
  private readonly allowed: Set<string>;

  constructor(allowedHosts: readonly string[]) {
    this.allowed = new Set(allowedHosts.map(bare));
  }

  isListed(hostname: string): boolean {
    return this.allowed.has(bare(hostname));
  }

  /** Why this principal may not set this target, or null. */
  refusal(url: string, principal: Principal): string | null {
    let host: string;
    try {
      host = bare(new URL(url).hostname);
    } catch {
      return `${url} is not a URL`;
    }
    if (this.isListed(host)) return null;
    if (principal.access !== 'admin') return `webhook target ${host} is not in WEBHOOK_ALLOWED_HOSTS; only the API token may set other targets`;
    if (host === 'localhost' || host.endsWith('.localhost') || (net.isIP(host) !== 0 && isNonPublicAddress(host))) {
      return `webhook target ${host} is a loopback, private or link-local address; list it in WEBHOOK_ALLOWED_HOSTS to allow it`;
    }
    return null;
  }

  /**
   * A DNS lookup for outgoing requests to `hostname` that fails on non-public addresses unless
   * the host is listed: the check happens on the address actually connected to.
   */
  lookupFor(hostname: string): LookupFunction {
    const listed = this.isListed(hostname);
    return (name, options, callback) => {
      dns.lookup(name, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const usable = listed ? addresses : addresses.filter((a) => !isNonPublicAddress(a.address));
        if (usable.length === 0) {
          return callback(Object.assign(new Error(`${name} resolves to a non-public address; list it in WEBHOOK_ALLOWED_HOSTS to allow it`), { code: 'EACCES' }), '', 0);
        }
        if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      });
    };
  }
}
