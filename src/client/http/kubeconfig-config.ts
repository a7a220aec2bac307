import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { isPlainObject } from "../../api/object.js";
import type { HttpClientConfig } from "./config.js";

function named(doc: Record<string, unknown>, list: string, name: string, field: string): Record<string, unknown> {
  const items = Array.isArray(doc[list]) ? (doc[list] as unknown[]) : [];
  const item = items.find((i) => isPlainObject(i) && i.name === name);
  if (!isPlainObject(item) || !isPlainObject(item[field])) throw new Error(`kubeconfig: no ${list.slice(0, -1)} named "${name}"`);
  return item[field];
}

function str(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Inline data (base64) or the file a kubeconfig names. */
function pem(o: Record<string, unknown>, key: string): string | undefined {
  const data = str(o, `${key}-data`);
  if (data !== undefined) return Buffer.from(data, "base64").toString("utf8");
  const file = str(o, key);
  return file === undefined ? undefined : readFileSync(file, "utf8");
}

/** The client config of a kubeconfig's context (its current one by default). */
export function configFromKubeconfig(text: string, context?: string): HttpClientConfig {
  const doc: unknown = parse(text);
  if (!isPlainObject(doc)) throw new Error("kubeconfig: not a YAML mapping");
  const ctxName = context ?? str(doc, "current-context");
  if (ctxName === undefined) throw new Error("kubeconfig: no current context");
  const ctx = named(doc, "contexts", ctxName, "context");
  const cluster = named(doc, "clusters", str(ctx, "cluster") ?? "", "cluster");
  const user = named(doc, "users", str(ctx, "user") ?? "", "user");
  const server = str(cluster, "server");
  if (server === undefined) throw new Error(`kubeconfig: cluster of context "${ctxName}" has no server`);
  const entries: Array<[keyof HttpClientConfig, string | boolean | undefined]> = [
    ["caCert", pem(cluster, "certificate-authority")],
    ["insecureSkipTlsVerify", cluster["insecure-skip-tls-verify"] === true ? true : undefined],
    ["token", str(user, "token")],
    ["clientCert", pem(user, "client-certificate")],
    ["clientKey", pem(user, "client-key")],
  ];
  return Object.assign({ server }, Object.fromEntries(entries.filter(([, v]) => v !== undefined))) as HttpClientConfig;
}
