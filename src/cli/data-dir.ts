import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where each piece of a tinykube installation lives inside its data directory. */
export interface DataDirLayout {
  readonly dir: string;
  /** The embedded SQLite store. */
  readonly storeFile: string;
  /** CA, serving and admin certificates, admin token. */
  readonly pkiDir: string;
  /** The kubeconfig of the last `up`, what `tinykube kubeconfig` prints. */
  readonly kubeconfigFile: string;
}

export function defaultDataDir(): string {
  return join(homedir(), ".tinykube");
}

export function dataDirLayout(dir: string): DataDirLayout {
  const absolute = resolve(dir);
  return {
    dir: absolute,
    storeFile: join(absolute, "store.db"),
    pkiDir: join(absolute, "pki"),
    kubeconfigFile: join(absolute, "kubeconfig"),
  };
}
