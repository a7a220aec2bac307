import { isAlreadyExists } from "../api/status.js";
import type { Registry } from "./registry.js";

/** The namespaces every cluster has from the start. */
export const systemNamespaces: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** Creates the system namespaces that do not exist yet (idempotent: run on every start). */
export async function ensureSystemNamespaces(registry: Registry): Promise<void> {
  const ref = { group: "", version: "v1", resource: "namespaces" };
  for (const name of systemNamespaces) {
    try {
      await registry.create(ref, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
