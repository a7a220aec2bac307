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

const files = ["ca.crt", "server.crt", "server.key", "admin.crt", "admin.key", "admin.token"] as const;

/**
 * Loads the PKI from dir, generating it at first start: an ECDSA P-256 CA, a serving
 * certificate for 127.0.0.1/localhost, an admin client certificate and a random admin token.
 * The CA key is not kept: nothing is signed after first start.
 */
export async function ensurePki(dir: string): Promise<Pki> {
  if (files.every((f) => existsSync(join(dir, f)))) return loadPki(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // The certificate library is loaded only at first start: later starts just read files.
  const { generatePki } = await import("./pki-generate.js");
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

/**
 * Copies another installation's PKI (its pki directory `from`) into dir, unless dir has one:
 * servers sharing one store then accept the same admin token and client certificates, and
 * present serving certificates of the same CA.
 */
export function adoptPki(from: string, dir: string): void {
  if (files.every((f) => existsSync(join(dir, f)))) return;
  const missing = files.filter((f) => !existsSync(join(from, f)));
  if (missing.length > 0) throw new Error(`no PKI to take in ${from} (missing ${missing.join(", ")})`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const f of files) writePrivate(join(dir, f), readFileSync(join(from, f), "utf8"));
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

