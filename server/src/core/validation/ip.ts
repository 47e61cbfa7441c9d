/**
 * IP addresses and CIDR values read the way the Kubernetes API server reads them (1.34).
 *
 * - `parseIPSloppy` / `parseCIDRSloppy` are k8s.io/utils/net `ParseIPSloppy` / `ParseCIDRSloppy`:
 *   forks of Go 1.16's `net.ParseIP` / `net.ParseCIDR`. IPv4 octets may have leading zeros (read
 *   as decimal: "010.1.1.1" is 10.1.1.1), IPv6 groups may have more than 4 hex digits as long as
 *   the value fits, IPv4-mapped IPv6 ("::ffff:1.2.3.4") is IPv4, a CIDR may have host bits set and
 *   a prefix length with leading zeros. This is what `IsValidIPForLegacyField` /
 *   `IsValidCIDRForLegacyField` accept while the StrictIPCIDRValidation gate is off (alpha, off
 *   by default in 1.33 and 1.34), i.e. what decides Invalid for clusterIPs, externalIPs and
 *   loadBalancerSourceRanges.
 * - `parseAddr` / `parsePrefix` are Go's `net/netip` `ParseAddr` / `ParsePrefix` (strict: no
 *   leading zeros, at most 4 hex digits a group, zones allowed on addresses only). The server
 *   uses them to warn about non-standard forms (`GetWarningsForIP`, `GetWarningsForCIDR`).
 * - `formatIP` is `net.IP.String()` (RFC 5952 for IPv6, dotted for IPv4 and IPv4-mapped).
 *
 * Addresses are 16 bytes; IPv4 is stored IPv4-mapped, as Go's net.IP does.
 */

export type IPBytes = Uint8Array;

const big = 0xffffff;

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function hexValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
}

/** Go 1.16 `dtoi`: decimal digits from `pos`; [value, digits consumed, ok]. */
function dtoi(s: string, pos: number): [number, number, boolean] {
  let n = 0;
  let i = 0;
  for (; pos + i < s.length && isDigit(s[pos + i]); i++) {
    n = n * 10 + (s.charCodeAt(pos + i) - 48);
    if (n >= big) return [big, i, false];
  }
  if (i === 0) return [0, 0, false];
  return [n, i, true];
}

function v4(a: number, b: number, c: number, d: number): IPBytes {
  const ip = new Uint8Array(16);
  ip[10] = 0xff;
  ip[11] = 0xff;
  ip[12] = a;
  ip[13] = b;
  ip[14] = c;
  ip[15] = d;
  return ip;
}

/** Dotted IPv4. Sloppy: Go 1.16 `parseIPv4`; strict: netip `parseIPv4Fields` (no leading zeros). */
function parseIPv4(s: string, strict: boolean): IPBytes | null {
  if (strict) {
    const m = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/.exec(s);
    if (!m) return null;
    const parts = m.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return null;
    return v4(parts[0], parts[1], parts[2], parts[3]);
  }
  const p = [0, 0, 0, 0];
  let pos = 0;
  for (let i = 0; i < 4; i++) {
    if (pos >= s.length) return null;
    if (i > 0) {
      if (s[pos] !== '.') return null;
      pos++;
    }
    const [n, c, ok] = dtoi(s, pos);
    if (!ok || n > 0xff) return null;
    pos += c;
    p[i] = n;
  }
  if (pos !== s.length) return null;
  return v4(p[0], p[1], p[2], p[3]);
}

/** Hex group at `pos`. Sloppy: Go 1.16 `xtoi` (any number of digits below 0xFFFFFF); strict: 1-4 digits. */
function hexGroup(s: string, pos: number, strict: boolean): [number, number, boolean] {
  let n = 0;
  let i = 0;
  for (; pos + i < s.length; i++) {
    const d = hexValue(s[pos + i]);
    if (d < 0) break;
    n = n * 16 + d;
    if (strict ? i > 3 : n >= big) return [0, i, false];
  }
  if (i === 0) return [0, 0, false];
  return [n, i, true];
}

/** IPv6 without zone, as Go parses it (the two parsers differ only in group and embedded-IPv4 strictness). */
function parseIPv6(s: string, strict: boolean): IPBytes | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let pos = 0;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    pos = 2;
    if (pos === s.length) return ip;
  }
  let i = 0;
  while (i < 16) {
    const [n, c, ok] = hexGroup(s, pos, strict);
    if (!ok || n > 0xffff) return null;
    if (pos + c < s.length && s[pos + c] === '.') {
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const ip4 = parseIPv4(s.slice(pos), strict);
      if (!ip4) return null;
      ip.set(ip4.subarray(12), i);
      pos = s.length;
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    pos += c;
    if (pos === s.length) break;
    if (s[pos] !== ':' || pos + 1 === s.length) return null;
    pos++;
    if (s[pos] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      pos++;
      if (pos === s.length) break;
    }
  }
  if (pos !== s.length) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const shift = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + shift] = ip[j];
    for (let j = ellipsis + shift - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

/** k8s.io/utils/net `ParseIPSloppy` (Go 1.16 `net.ParseIP`); null when invalid. */
export function parseIPSloppy(s: string): IPBytes | null {
  for (const c of s) {
    if (c === '.') return parseIPv4(s, false);
    if (c === ':') return parseIPv6(s, false);
  }
  return null;
}

/** A `net/netip` address: `is4` for the dotted form (an IPv4-mapped IPv6 address is not `is4`). */
export interface NetipAddr {
  bytes: IPBytes;
  is4: boolean;
  zone: string;
}

/** Go `netip.ParseAddr`; null when invalid. */
export function parseAddr(s: string): NetipAddr | null {
  for (const c of s) {
    if (c === '.') {
      const bytes = parseIPv4(s, true);
      return bytes ? { bytes, is4: true, zone: '' } : null;
    }
    if (c === ':') {
      const percent = s.indexOf('%');
      const zone = percent >= 0 ? s.slice(percent + 1) : '';
      if (percent >= 0 && zone === '') return null;
      const bytes = parseIPv6(percent >= 0 ? s.slice(0, percent) : s, true);
      return bytes ? { bytes, is4: false, zone } : null;
    }
    if (c === '%') return null;
  }
  return null;
}

/** `net.IP.To4() != nil`: IPv4 or IPv4-mapped IPv6. */
export function isIPv4(ip: IPBytes): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** netutils.IsIPv6: not IPv4 in Go's sense. */
export function isIPv6(ip: IPBytes): boolean {
  return !isIPv4(ip);
}

/** The family netutils assigns to a parsed address (IPv4-mapped IPv6 counts as IPv4). */
export function familyOf(ip: IPBytes): 'IPv4' | 'IPv6' {
  return isIPv4(ip) ? 'IPv4' : 'IPv6';
}

export function isUnspecified(ip: IPBytes): boolean {
  if (isIPv4(ip)) return ip[12] === 0 && ip[13] === 0 && ip[14] === 0 && ip[15] === 0;
  return ip.every((b) => b === 0);
}

export function isLoopback(ip: IPBytes): boolean {
  if (isIPv4(ip)) return ip[12] === 127;
  return ip.every((b, i) => b === (i === 15 ? 1 : 0));
}

export function isLinkLocalUnicast(ip: IPBytes): boolean {
  if (isIPv4(ip)) return ip[12] === 169 && ip[13] === 254;
  return ip[0] === 0xfe && (ip[1] & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: IPBytes): boolean {
  if (isIPv4(ip)) return ip[12] === 224 && ip[13] === 0 && ip[14] === 0;
  return ip[0] === 0xff && (ip[1] & 0x0f) === 0x02;
}

function formatIPv6(ip: IPBytes): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((ip[2 * i] << 8) | ip[2 * i + 1]);
  // RFC 5952: the first longest run of at least two zero groups becomes "::".
  let zeroStart = -1;
  let zeroEnd = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i >= 2 && j - i > zeroEnd - zeroStart) {
      zeroStart = i;
      zeroEnd = j;
    }
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === zeroStart) {
      out += '::';
      i = zeroEnd;
      if (i >= 8) break;
    } else if (i > 0) {
      out += ':';
    }
    out += groups[i].toString(16);
  }
  return out;
}

/** Go `net.IP.String()`: dotted for IPv4 (and IPv4-mapped IPv6), RFC 5952 for IPv6. */
export function formatIP(ip: IPBytes): string {
  if (isIPv4(ip)) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  return formatIPv6(ip);
}

/** Go `netip.Addr.String()`. */
export function formatAddr(addr: NetipAddr): string {
  const zone = addr.zone ? `%${addr.zone}` : '';
  if (addr.is4) return formatIP(addr.bytes);
  if (isIPv4(addr.bytes)) return `::ffff:${formatIP(addr.bytes)}${zone}`;
  return formatIPv6(addr.bytes) + zone;
}

/** A CIDR as `ParseCIDRSloppy` returns it: the address as written, its prefix length, and the address length (4 or 16). */
export interface SloppyCIDR {
  ip: IPBytes;
  bits: number;
  ipLength: 4 | 16;
}

/** k8s.io/utils/net `ParseCIDRSloppy` (Go 1.16 `net.ParseCIDR`); null when invalid. */
export function parseCIDRSloppy(s: string): SloppyCIDR | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let ipLength: 4 | 16 = 4;
  let ip = parseIPv4(addr, false);
  if (!ip) {
    ipLength = 16;
    ip = parseIPv6(addr, false);
  }
  const [n, consumed, ok] = dtoi(mask, 0);
  if (!ip || !ok || consumed !== mask.length || n > 8 * ipLength) return null;
  return { ip, bits: n, ipLength };
}

/** Go `netip.ParsePrefix` (Go 1.22+: no sign or leading zeros in the length, no zone); null when invalid. */
export function parsePrefix(s: string): { addr: NetipAddr; bits: number } | null {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return null;
  const addr = parseAddr(s.slice(0, slash));
  if (!addr || addr.zone) return null;
  const bitsText = s.slice(slash + 1);
  if (!/^(?:[0-9]|[1-9][0-9]+)$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > (addr.is4 ? 32 : 128)) return null;
  return { addr, bits };
}

/** Zeroes the bits of `ip` past `bits` of the last `length` bytes (the address as Go masks it). */
function masked(ip: IPBytes, bits: number, length: 4 | 16): IPBytes {
  const out = new Uint8Array(ip);
  const offset = 16 - length;
  for (let i = 0; i < length; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    out[offset + i] &= (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

function equalBytes(a: IPBytes, b: IPBytes): boolean {
  return a.every((v, i) => v === b[i]);
}

/** Go `IPNet.String()` of the network `ParseCIDRSloppy` returns. */
export function formatNetwork(cidr: SloppyCIDR): string {
  const network = masked(cidr.ip, cidr.bits, cidr.ipLength);
  // An IPv4(-mapped) network prints in IPv4 form with the last 32 bits of the mask.
  const bits = isIPv4(network) && cidr.ipLength === 16 ? Math.max(0, cidr.bits - 96) : cidr.bits;
  return `${formatIP(network)}/${bits}`;
}

/** What `GetWarningsForIP` says about a value the server accepted (undefined: nothing). */
export type IPWarning = { kind: 'non-standard'; preferred: string } | { kind: 'non-canonical'; preferred: string };

/** k8s.io/apimachinery `GetWarningsForIP` for a value `parseIPSloppy` accepts. */
export function ipWarning(value: string): IPWarning | undefined {
  const ip = parseIPSloppy(value);
  if (!ip) return undefined;
  const addr = parseAddr(value);
  if (!addr || (!addr.is4 && isIPv4(addr.bytes))) return { kind: 'non-standard', preferred: formatIP(ip) };
  if (!addr.is4 && formatAddr(addr) !== value) return { kind: 'non-canonical', preferred: formatAddr(addr) };
  return undefined;
}

/** What `GetWarningsForCIDR` says about a value the server accepted. */
export type CIDRWarning =
  | { kind: 'ambiguous'; network: string; single: string }
  | { kind: 'non-standard'; preferred: string }
  | { kind: 'non-canonical'; preferred: string };

/** k8s.io/apimachinery `GetWarningsForCIDR` for a value `parseCIDRSloppy` accepts (in the server's order). */
export function cidrWarnings(value: string): CIDRWarning[] {
  const cidr = parseCIDRSloppy(value);
  if (!cidr) return [];
  const warnings: CIDRWarning[] = [];
  const network = formatNetwork(cidr);
  if (!equalBytes(cidr.ip, masked(cidr.ip, cidr.bits, cidr.ipLength))) {
    warnings.push({ kind: 'ambiguous', network, single: `${formatIP(cidr.ip)}/${8 * cidr.ipLength}` });
  }
  const prefix = parsePrefix(value);
  if (!prefix || (!prefix.addr.is4 && isIPv4(prefix.addr.bytes))) {
    warnings.push({ kind: 'non-standard', preferred: network });
  } else if (warnings.length === 0 && !prefix.addr.is4) {
    const canonical = `${formatAddr(prefix.addr)}/${prefix.bits}`;
    if (canonical !== value) warnings.push({ kind: 'non-canonical', preferred: canonical });
  }
  return warnings;
}

/** Go `strings.TrimSpace` (Unicode White_Space, which differs from JavaScript's `trim`). */
export function goTrimSpace(s: string): string {
  const space = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
  let start = 0;
  let end = s.length;
  while (start < end && space.test(s[start])) start++;
  while (end > start && space.test(s[end - 1])) end--;
  return s.slice(start, end);
}
