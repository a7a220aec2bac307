import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** What a kubeconfig entry for one tinykube server holds. */
export interface KubeconfigEntry {
  /** Name of the cluster, user and context ("tinykube"). */
  readonly name: string;
  readonly server: string;
  readonly caCert: string;
  readonly token: string;
}

/** A YAML scalar: JSON's double-quoted strings are YAML's too. */
const q = (s: string): string => JSON.stringify(s);

/** A kubeconfig holding only the tinykube entry (what `tinykube kubeconfig` prints); no YAML library needed. */
export function renderKubeconfig(entry: KubeconfigEntry): string {
  const name = q(entry.name);
  return [
    "apiVersion: v1",
    "kind: Config",
    "preferences: {}",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${q(entry.server)}`,
    `    certificate-authority-data: ${q(Buffer.from(entry.caCert).toString("base64"))}`,
    "users:",
    `- name: ${name}`,
    "  user:",
    `    token: ${q(entry.token)}`,
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${name}`,
    "    namespace: default",
    `current-context: ${name}`,
    "",
  ].join("\n");
}

/** Writes a kubeconfig holding only this entry, atomically. */
export function writeKubeconfig(file: string, entry: KubeconfigEntry): void {
  writeAtomically(file, renderKubeconfig(entry));
}

/** The user's kubeconfig as kubectl finds it: the first path of $KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(":").find((p) => p !== "");
  return first ?? join(homedir(), ".kube", "config");
}

/** Writes file through a temporary file and a rename: readers never see half of it. */
export function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tinykube-${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}
