import type { Namespace, Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject, Stored } from "../../api/object.js";
import type { ResourceRef } from "../../api/options.js";
import { refs } from "../../api/refs.js";
import type { ResourceInfo } from "../../api/resource.js";
import type { ResourceTable } from "../../api/resource-table.js";
import { isNotFound, isReason } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { type Clock, rfc3339 } from "../../util/clock.js";
import { updateWithRetry } from "../runtime/retry-on-conflict.js";
import { failingConditions, updateConditions } from "./conditions.js";
import { podTerminationEstimate, type ResourceOutcome, resourceOutcome } from "./content.js";

export interface ContentDeleterOptions {
  client: Client;
  resources: ResourceTable;
  clock: Clock;
}

/** The namespaced resources to empty: the preferred version of each one that can be deleted. */
function deletableNamespaced(resources: ResourceTable): ResourceInfo[] {
  const seen = new Set<string>();
  const out: ResourceInfo[] = [];
  for (const { info } of resources.definitions) {
    const id = `${info.storage.group}/${info.storage.resource}`;
    if (!info.namespaced || seen.has(id) || !info.verbs.includes("delete") || !info.verbs.includes("list")) continue;
    seen.add(id);
    out.push(info);
  }
  return out;
}

const refOf = (info: ResourceInfo): ResourceRef => ({ group: info.group, version: info.version, resource: info.resource });

/**
 * upstream's namespacedResourcesDeleter.deleteAllContent: asks every object of every namespaced
 * resource in the namespace to go (Background propagation), looks at what is left, records the
 * deletion conditions on the namespace, and returns how many seconds to wait before looking again
 * (0 when all is gone). Throws when some resource could not be emptied.
 */
export class ContentDeleter {
  private readonly targets: ResourceInfo[];

  constructor(private readonly options: ContentDeleterOptions) {
    this.targets = deletableNamespaced(options.resources);
  }

  async deleteAllContent(ns: Stored<Namespace>): Promise<number> {
    const remainingByResource = new Map<string, number>();
    const remainingByFinalizer = new Map<string, number>();
    const errors: string[] = [];
    let estimate = 0;
    for (const info of this.targets) {
      const outcome = await this.deleteResource(info, ns).catch((err: unknown): ResourceOutcome => ({
        estimateSeconds: 0,
        numRemaining: 0,
        finalizers: new Map(),
        error: err instanceof Error ? err.message : String(err),
      }));
      estimate = Math.max(estimate, outcome.estimateSeconds);
      if (outcome.error) errors.push(outcome.error);
      if (outcome.numRemaining === 0) continue;
      remainingByResource.set(`${info.resource}.${info.group}`, outcome.numRemaining);
      for (const [f, n] of outcome.finalizers) remainingByFinalizer.set(f, (remainingByFinalizer.get(f) ?? 0) + n);
    }
    await this.recordConditions(ns, { remainingByResource, remainingByFinalizer, deleteErrors: errors });
    if (errors.length === 1) throw new Error(errors[0]);
    if (errors.length > 1) throw new Error(`[${errors.join(", ")}]`);
    return estimate;
  }

  private async deleteResource(info: ResourceInfo, ns: Stored<Namespace>): Promise<ResourceOutcome> {
    const { client, clock } = this.options;
    const namespace = ns.metadata.name;
    const ref = refOf(info);
    const before = (await client.list<KubeObject>(ref, namespace)).items;
    const estimate = isPods(info)
      ? podTerminationEstimate(before as Stored<Pod>[], { deletedAtMs: Date.parse(ns.metadata.deletionTimestamp ?? rfc3339(clock.now())), nowMs: clock.now() })
      : 0;
    for (const obj of before) {
      // Already on its way out: asking again would change nothing but its propagation finalizers.
      if (obj.metadata.deletionTimestamp) continue;
      await client.delete(ref, namespace, obj.metadata.name, { propagationPolicy: "Background" }).catch((err: unknown) => {
        if (!isNotFound(err) && !isReason(err, "MethodNotAllowed")) throw err;
      });
    }
    const after = (await client.list<KubeObject>(ref, namespace)).items;
    return resourceOutcome(info, { namespace, remaining: after, estimateSeconds: estimate });
  }

  /** Writes the deletion conditions when they changed; a failure is not fatal (upstream only logs it). */
  private async recordConditions(ns: Stored<Namespace>, totals: Parameters<typeof failingConditions>[0]): Promise<void> {
    const now = rfc3339(this.options.clock.now());
    const failing = failingConditions(totals, now);
    await updateWithRetry<Namespace>(
      { client: this.options.client, ref: refs.namespaces, object: ns },
      (latest) => {
        const { conditions, changed } = updateConditions(latest.status?.conditions ?? [], failing, now);
        if (!changed) return undefined;
        latest.status = { ...latest.status, conditions };
        return latest;
      },
      { subresource: "status", fromCache: true },
    ).catch(() => undefined);
  }
}

function isPods(info: ResourceInfo): boolean {
  return info.group === refs.pods.group && info.resource === refs.pods.resource;
}
