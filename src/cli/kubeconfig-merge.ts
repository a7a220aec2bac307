import { existsSync, readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { type KubeconfigEntry, writeAtomically } from "./kubeconfig.js";

interface Named {
  name: string;
  [key: string]: unknown;
}

interface KubeconfigDoc {
  apiVersion: string;
  kind: string;
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  "current-context"?: string;
  preferences?: unknown;
  [key: string]: unknown;
}

/**
 * Adds or replaces the entry's cluster, user and context in the kubeconfig at file, makes
 * it current and writes the file atomically; other entries are kept as they were.
 */
export function mergeIntoKubeconfig(file: string, entry: KubeconfigEntry): void {
  const doc = existsSync(file) ? toDoc(parse(readFileSync(file, "utf8"))) : emptyDoc();
  writeAtomically(file, stringify(mergeEntry(doc, entry)));
}

function mergeEntry(doc: KubeconfigDoc, entry: KubeconfigEntry): KubeconfigDoc {
  const { name } = entry;
  const cluster = { server: entry.server, "certificate-authority-data": Buffer.from(entry.caCert).toString("base64") };
  const upsert = (list: Named[], item: Named): Named[] => [...list.filter((x) => x.name !== item.name), item];
  return {
    ...doc,
    clusters: upsert(doc.clusters, { name, cluster }),
    users: upsert(doc.users, { name, user: { token: entry.token } }),
    contexts: upsert(doc.contexts, { name, context: { cluster: name, user: name, namespace: "default" } }),
    "current-context": name,
  };
}

function emptyDoc(): KubeconfigDoc {
  return { apiVersion: "v1", kind: "Config", preferences: {}, clusters: [], users: [], contexts: [] };
}

function toDoc(parsed: unknown): KubeconfigDoc {
  if (parsed === null || parsed === undefined) return emptyDoc();
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("the existing kubeconfig is not a YAML mapping");
  const doc = parsed as Record<string, unknown>;
  const list = (key: string): Named[] => {
    const v = doc[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new Error(`the existing kubeconfig's ${key} is not a list`);
    return v as Named[];
  };
  return {
    ...doc,
    apiVersion: typeof doc.apiVersion === "string" ? doc.apiVersion : "v1",
    kind: typeof doc.kind === "string" ? doc.kind : "Config",
    clusters: list("clusters"),
    users: list("users"),
    contexts: list("contexts"),
  };
}

