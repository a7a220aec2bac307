// A new PKI for up's first start, made with node:crypto and a small DER encoder: an X.509
// library cost ~70 ms to load and ~50 ms to build three certificates, while kubectl waited.
import { createHash, generateKeyPair, type KeyObject, randomBytes, sign } from "node:crypto";
import { promisify } from "node:util";
import { bitString, boolean, explicit, integer, namedBits, objectIdentifier, octetString, sequence, set, tlv, time, utf8String } from "./der.js";
import type { Pki } from "./pki.js";

const tenYears = 10 * 365 * 24 * 3600 * 1000;
const ecdsaWithSha256 = sequence(objectIdentifier("1.2.840.10045.4.3.2"));
/** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
const usage = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

interface Keys {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/** A new CA, serving certificate (127.0.0.1, ::1, localhost), admin client certificate and admin token. */
export async function generatePki(now: Date): Promise<Pki> {
  const validity = sequence(time(now), time(new Date(now.getTime() + tenYears)));
  const [caKeys, serverKeys, adminKeys] = await Promise.all([newKeys(), newKeys(), newKeys()]);
  const caName = name([["2.5.4.3", "tinykube-ca"]]);
  const caKeyId = keyIdentifier(caKeys.publicKey);
  const caCert = certificate({ issuer: caName, subject: caName, validity, publicKey: caKeys.publicKey, signer: caKeys.privateKey }, [
    extension("2.5.29.19", true, sequence(boolean(true), integer(Buffer.from([0])))),
    extension("2.5.29.15", true, namedBits([usage.keyCertSign, usage.cRLSign])),
    extension("2.5.29.14", false, octetString(caKeyId)),
  ]);
  const leaf = (subject: Buffer, keys: Keys, extensions: readonly Buffer[]): Buffer =>
    certificate({ issuer: caName, subject, validity, publicKey: keys.publicKey, signer: caKeys.privateKey }, [
      extension("2.5.29.19", true, sequence()),
      extension("2.5.29.35", false, sequence(tlv(0x80, caKeyId))),
      ...extensions,
    ]);
  const serverCert = leaf(name([["2.5.4.3", "tinykube-apiserver"]]), serverKeys, [
    extension("2.5.29.15", true, namedBits([usage.digitalSignature, usage.keyEncipherment])),
    extension("2.5.29.37", false, sequence(objectIdentifier("1.3.6.1.5.5.7.3.1"))),
    extension("2.5.29.17", false, sequence(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x87, ipv6Loopback()), tlv(0x82, Buffer.from("localhost")))),
  ]);
  const adminCert = leaf(
    name([
      ["2.5.4.3", "tinykube-admin"],
      ["2.5.4.10", "system:masters"],
    ]),
    adminKeys,
    [extension("2.5.29.15", true, namedBits([usage.digitalSignature])), extension("2.5.29.37", false, sequence(objectIdentifier("1.3.6.1.5.5.7.3.2")))],
  );
  return {
    caCert: pem("CERTIFICATE", caCert),
    serverCert: pem("CERTIFICATE", serverCert),
    serverKey: privateKeyPem(serverKeys.privateKey),
    adminCert: pem("CERTIFICATE", adminCert),
    adminKey: privateKeyPem(adminKeys.privateKey),
    // hex, not base64url: a token starting with "-" is taken for an option by `tinykube node --token T`
    adminToken: randomBytes(32).toString("hex"),
  };
}

interface CertificateFields {
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly validity: Buffer;
  readonly publicKey: KeyObject;
  readonly signer: KeyObject;
}

/** A signed v3 certificate (RFC 5280 4.1), DER. */
function certificate(f: CertificateFields, extensions: readonly Buffer[]): Buffer {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSha256,
    f.issuer,
    f.validity,
    f.subject,
    f.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...extensions)),
  );
  return sequence(tbs, ecdsaWithSha256, bitString(sign("sha256", tbs, f.signer)));
}

/** A Name of one attribute per RDN, in the given order. */
function name(attributes: ReadonlyArray<readonly [oid: string, value: string]>): Buffer {
  return sequence(...attributes.map(([oid, value]) => set(sequence(objectIdentifier(oid), utf8String(value)))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(objectIdentifier(oid), boolean(true), octetString(value)) : sequence(objectIdentifier(oid), octetString(value));
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (the last 65 bytes of a P-256 SPKI). */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha1").update(spki.subarray(spki.length - 65)).digest();
}

function ipv6Loopback(): Buffer {
  const ip = Buffer.alloc(16);
  ip[15] = 1;
  return ip;
}

const newKeys = (): Promise<Keys> => promisify(generateKeyPair)("ec", { namedCurve: "prime256v1" });

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

function pem(label: string, der: Buffer): string {
  const body = der.toString("base64").replace(/(.{64})/g, "$1\n").trimEnd();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
