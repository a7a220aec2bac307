import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { randomBytes, webcrypto } from "node:crypto";

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The credentials of one tinykube installation, kept in <data-dir>/pki. */
export interface Pki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  /** The bearer token of the admin user (what the kubeconfig carries). */
  readonly adminToken: string;
}

const ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const tenYears = 10 * 365 * 24 * 3600 * 1000;
const files = ["ca.crt", "server.crt", "server.key", "admin.crt", "admin.key", "admin.token"] as const;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/**
 * Loads the PKI from dir, generating it at first start: an ECDSA P-256 CA, a serving
 * certificate for 127.0.0.1/localhost, an admin client certificate and a random admin token.
 * The CA key is not kept: nothing is signed after first start.
 */
export async function ensurePki(dir: string): Promise<Pki> {
  if (files.every((f) => existsSync(join(dir, f)))) return loadPki(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pki = await generatePki(new Date());
  const contents: Record<(typeof files)[number], string> = {
    "ca.crt": pki.caCert,
    "server.crt": pki.serverCert,
    "server.key": pki.serverKey,
    "admin.crt": pki.adminCert,
    "admin.key": pki.adminKey,
    "admin.token": pki.adminToken,
  };
  for (const f of files) writePrivate(join(dir, f), contents[f]);
  return pki;
}

function loadPki(dir: string): Pki {
  const read = (f: string): string => readFileSync(join(dir, f), "utf8");
  return {
    caCert: read("ca.crt"),
    serverCert: read("server.crt"),
    serverKey: read("server.key"),
    adminCert: read("admin.crt"),
    adminKey: read("admin.key"),
    adminToken: read("admin.token").trim(),
  };
}

function writePrivate(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

async function generatePki(now: Date): Promise<Pki> {
  const notAfter = new Date(now.getTime() + tenYears);
  const caKeys = await newKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: "CN=tinykube-ca",
    keys: caKeys,
    notBefore: now,
    notAfter,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const issue = async (subject: string, extensions: x509.Extension[]) => {
    const keys = await newKeys();
    const cert = await x509.X509CertificateGenerator.create({
      subject,
      issuer: ca.subject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore: now,
      notAfter,
      signingAlgorithm: ecdsa,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        ...extensions,
      ],
    });
    return { cert: cert.toString("pem") + "\n", key: await privateKeyPem(keys.privateKey) };
  };
  const server = await issue("CN=tinykube-apiserver", [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension([
      { type: "ip", value: "127.0.0.1" },
      { type: "ip", value: "::1" },
      { type: "dns", value: "localhost" },
    ]),
  ]);
  const admin = await issue("CN=tinykube-admin, O=system:masters", [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
  return {
    caCert: ca.toString("pem") + "\n",
    serverCert: server.cert,
    serverKey: server.key,
    adminCert: admin.cert,
    adminKey: admin.key,
    adminToken: randomBytes(32).toString("base64url"),
  };
}

function newKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ecdsa, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  const body = der.toString("base64").replace(/(.{64})/g, "$1\n").trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}
