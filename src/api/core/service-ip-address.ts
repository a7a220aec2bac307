import { isIPv6 } from "node:net";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";

/**
 * IP address checks of Service validation, as upstream's netutils.ParseIPSloppy reads
 * addresses (IPv4 octets may carry leading zeros) and validation.IsValidIP/IsValidCIDR word
 * their errors.
 */

export type IPFamily = "IPv4" | "IPv6";

/** The 32-bit value of a dotted-quad IPv4 address, or undefined. */
export function parseIPv4(s: string): number | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function familyOf(ip: string): IPFamily | undefined {
  if (parseIPv4(ip) !== undefined) return "IPv4";
  return isIPv6(ip) ? "IPv6" : undefined;
}

export function isValidIP(ip: string): boolean {
  return familyOf(ip) !== undefined;
}

/** validation.IsValidIP. */
export function validateIP(ip: string, p: FieldPath): FieldError[] {
  return isValidIP(ip) ? [] : [fieldErrors.invalid(p, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")];
}

/** validation.IsValidCIDR. */
export function validateCIDR(cidr: string, p: FieldPath): FieldError[] {
  const [ip, bits, extra] = cidr.split("/");
  const family = familyOf(ip ?? "");
  const max = family === "IPv4" ? 32 : 128;
  const ok = extra === undefined && family !== undefined && bits !== undefined && /^[0-9]+$/.test(bits) && Number(bits) <= max;
  return ok ? [] : [fieldErrors.invalid(p, cidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
}

/**
 * ValidateNonSpecialIP: external IPs may not be unspecified, loopback, link-local or link-local
 * multicast addresses.
 */
export function validateNonSpecialIP(ip: string, p: FieldPath): FieldError[] {
  const v4 = parseIPv4(ip);
  if (v4 === undefined && !isIPv6(ip)) return [fieldErrors.invalid(p, ip, "must be a valid IP address")];
  const errs: FieldError[] = [];
  const kind = v4 !== undefined ? specialIPv4(v4) : specialIPv6(ip.toLowerCase());
  if (kind === "unspecified") errs.push(fieldErrors.invalid(p, ip, `may not be unspecified (${ip})`));
  if (kind === "loopback") errs.push(fieldErrors.invalid(p, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (kind === "link-local") errs.push(fieldErrors.invalid(p, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (kind === "link-local-multicast") {
    errs.push(fieldErrors.invalid(p, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  }
  return errs;
}

type Special = "unspecified" | "loopback" | "link-local" | "link-local-multicast" | undefined;

function specialIPv4(v: number): Special {
  if (v === 0) return "unspecified";
  if (Math.floor(v / 2 ** 24) === 127) return "loopback";
  if (Math.floor(v / 2 ** 16) === 169 * 256 + 254) return "link-local";
  if (Math.floor(v / 2 ** 8) === 224 * 65536) return "link-local-multicast";
  return undefined;
}

function specialIPv6(ip: string): Special {
  const groups = expandIPv6(ip);
  if (groups.every((g) => g === 0)) return "unspecified";
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return "loopback";
  if ((groups[0]! & 0xffc0) === 0xfe80) return "link-local";
  if ((groups[0]! & 0xff0f) === 0xff02) return "link-local-multicast";
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail included). */
function expandIPv6(ip: string): number[] {
  let text = ip;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = parseIPv4(tail[1]!) ?? 0;
    text = `${text.slice(0, tail.index)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const zeros = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((g) => parseInt(g || "0", 16));
}
