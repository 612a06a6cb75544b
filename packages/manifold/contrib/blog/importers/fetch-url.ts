// Reads a feed from a URL for `import feed <url>`. The URL is hostile: http/https only; private, loopback, link-local
// and other non-public addresses are refused, checked on the address actually connected to (a lookup that vets every
// address the name resolves to, and the socket's remote address again) so DNS tricks do not reach the LAN; at most 3
// redirects, each checked again; 15 s for the whole read; 20 MB at most. Errors are one line (ImportFormatError).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { ImportFormatError } from './bundle';

export interface FetchUrlOptions {
  /** For tests against a local server only: lets 127.0.0.1 & co. through. */
  allowPrivate?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface FetchedUrl {
  /** The address finally read (after redirects). */
  url: string;
  contentType: string;
  body: Uint8Array;
}

const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net4, prefix, 'ipv4');
for (const [net6, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
] as const) blocked.addSubnet(net6, prefix, 'ipv6');

/** Whether an IP address is not a public unicast one (IPv4-mapped and NAT64 IPv6 judged by their IPv4). */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const hexMapped = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hexMapped) {
    const hi = parseInt(hexMapped[1]!, 16);
    const lo = parseInt(hexMapped[2]!, 16);
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
  }
  return blocked.check(address, 'ipv6');
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad && !allowPrivate) {
        const refusal: NodeJS.ErrnoException = new Error(`refused: ${hostname} resolves to the non-public address ${bad.address}`);
        refusal.code = 'EPRIVATE';
        return callback(refusal, '');
      }
      if (!list.length) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function oneRequest(url: URL, options: Required<FetchUrlOptions>, deadline: number): Promise<
  { redirect: string } | { body: Uint8Array; contentType: string }
> {
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new ImportFormatError(url.href, message));
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(literal) && isPrivateAddress(literal) && !options.allowPrivate) {
      return fail(`refused: ${literal} is not a public address`);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return fail(`timed out after ${options.timeoutMs / 1000} s`);
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      lookup: guardedLookup(options.allowPrivate) as unknown as typeof dns.lookup,
      headers: { 'user-agent': 'manifold-import/1 (+feed importer)', accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml, */*;q=0.5', 'accept-encoding': 'identity' },
      timeout: remaining,
    });
    const timer = setTimeout(() => {
      req.destroy(new ImportFormatError(url.href, `timed out after ${options.timeoutMs / 1000} s`));
    }, remaining);
    const done = (fn: () => void) => { clearTimeout(timer); fn(); };
    req.on('timeout', () => req.destroy(new ImportFormatError(url.href, `timed out after ${options.timeoutMs / 1000} s`)));
    req.on('error', (error: NodeJS.ErrnoException) => done(() => {
      if (error instanceof ImportFormatError) reject(error);
      else if (error.code === 'EPRIVATE') fail(error.message);
      else fail(`could not read it: ${error.code ?? error.message}`);
    }));
    req.on('response', (res) => {
      const remote = res.socket.remoteAddress ?? '';
      if (!options.allowPrivate && (!remote || isPrivateAddress(remote))) {
        res.destroy();
        return done(() => fail(`refused: connected to the non-public address ${remote || '(unknown)'}`));
      }
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return done(() => resolve({ redirect: new URL(res.headers.location!, url).href }));
      }
      if (status !== 200) {
        res.resume();
        return done(() => fail(`the server answered ${status}`));
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > options.maxBytes) {
        res.destroy();
        return done(() => fail(`larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          res.destroy();
          done(() => fail(`larger than ${Math.round(options.maxBytes / 1024 / 1024 * 10) / 10} MB`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) => done(() => (error instanceof ImportFormatError ? reject(error) : fail(`could not read it: ${error.message}`))));
      res.on('end', () => done(() => resolve({ body: new Uint8Array(Buffer.concat(chunks)), contentType: String(res.headers['content-type'] ?? '') })));
    });
    req.end();
  });
}

/** Reads a URL under the rules above. */
export async function fetchUrl(address: string, options: FetchUrlOptions = {}): Promise<FetchedUrl> {
  const opts: Required<FetchUrlOptions> = {
    allowPrivate: options.allowPrivate ?? false,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxBytes: options.maxBytes ?? 20 * 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 3,
  };
  const deadline = Date.now() + opts.timeoutMs;
  let current = address;
  for (let hop = 0; ; hop++) {
    let url: URL;
    try {
      url = new URL(current);
    } catch {
      throw new ImportFormatError(current, 'not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ImportFormatError(current, `refused: only http and https addresses (${url.protocol})`);
    if (url.username || url.password) throw new ImportFormatError(url.origin, 'refused: an address with a user name or password');
    const result = await oneRequest(url, opts, deadline);
    if ('body' in result) return { url: url.href, contentType: result.contentType, body: result.body };
    if (hop >= opts.maxRedirects) throw new ImportFormatError(address, `more than ${opts.maxRedirects} redirects`);
    current = result.redirect;
  }
}
