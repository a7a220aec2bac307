import { type KubeObject, objectKey, type OwnerReference, type Stored } from "../../api/object.js";
import type { ResourceRef } from "../../api/options.js";
import type { ResourceInfo, Verb } from "../../api/resource.js";
import type { ResourceTable } from "../../api/resource-table.js";
import type { GroupResource } from "../../api/status.js";
import type { Informer } from "../../client/informer.js";
import type { InformerFactory } from "../../client/informer-factory.js";

/** Resources the garbage collector never watches (upstream's DefaultIgnoredResources). */
export const defaultIgnoredResources: readonly GroupResource[] = [
  { group: "", resource: "events" },
  { group: "events.k8s.io", resource: "events" },
];

/** What a resource must allow for its objects to be collected (upstream's GetDeletableResources). */
const neededVerbs: readonly Verb[] = ["delete", "list", "watch"];

/** One watched resource: its preferred version's informer. */
export interface Monitor {
  /** "group/resource" of the storage, shared by every served version. */
  readonly id: string;
  readonly ref: ResourceRef;
  readonly info: ResourceInfo;
  readonly informer: Informer;
}

/** An object as the garbage collector addresses it: which monitor, which namespace and name. */
export interface Target {
  readonly monitor: Monitor;
  readonly namespace: string | undefined;
  readonly name: string;
}

/** Where an ownerReference points, or why it cannot be followed. */
export type OwnerLocation = { readonly target: Target } | { readonly unresolvable: string };

/**
 * The garbage collector's graph, kept in shared informers rather than a graph of its own: one
 * informer per deletable resource (preferred version, list+watch+delete verbs, events ignored);
 * dependents are found through each informer's owner-UID index.
 */
export class Monitors {
  private readonly byId = new Map<string, Monitor>();

  constructor(
    factory: InformerFactory,
    private readonly resources: ResourceTable,
    options: { ignored?: readonly GroupResource[] } = {},
  ) {
    const ignored = options.ignored ?? defaultIgnoredResources;
    const isIgnored = (gr: GroupResource): boolean => ignored.some((i) => i.group === gr.group && i.resource === gr.resource);
    for (const d of resources.definitions) {
      const { info } = d;
      const id = `${info.storage.group}/${info.storage.resource}`;
      if (this.byId.has(id) || isIgnored(info) || isIgnored(info.storage)) continue;
      if (!neededVerbs.every((v) => info.verbs.includes(v))) continue;
      const ref = { group: info.group, version: info.version, resource: info.resource };
      this.byId.set(id, { id, ref, info, informer: factory.informerFor(ref) });
    }
  }

  all(): Monitor[] {
    return [...this.byId.values()];
  }

  /** The queue key of obj as seen by monitor. */
  key(monitor: Monitor, obj: KubeObject): string {
    return `${monitor.id}|${objectKey(obj)}`;
  }

  keyOf(target: Target): string {
    return `${target.monitor.id}|${target.namespace ? `${target.namespace}/` : ""}${target.name}`;
  }

  parse(key: string): Target | undefined {
    const bar = key.indexOf("|");
    const monitor = this.byId.get(key.slice(0, bar));
    if (!monitor || bar < 0) return undefined;
    const rest = key.slice(bar + 1);
    const slash = rest.indexOf("/");
    return slash < 0 ? { monitor, namespace: undefined, name: rest } : { monitor, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
  }

  /** The cached object at target, if any. */
  cached(target: Target): Stored | undefined {
    return target.monitor.informer.lister.get(target.namespace, target.name);
  }

  /** Where ref (an ownerReference of dependent) points. */
  locateOwner(dependent: KubeObject, ref: OwnerReference): OwnerLocation {
    const def = this.resources.lookupKind(ref.apiVersion, ref.kind);
    if (!def) return { unresolvable: `no resource serves ${ref.apiVersion} ${ref.kind}` };
    const monitor = this.byId.get(`${def.info.storage.group}/${def.info.storage.resource}`);
    if (!monitor) return { unresolvable: `${ref.kind} is not watched` };
    const namespace = dependent.metadata?.namespace;
    if (!monitor.info.namespaced) return { target: { monitor, namespace: undefined, name: ref.name } };
    if (!namespace) return { unresolvable: "a cluster-scoped object refers to a namespaced owner" };
    return { target: { monitor, namespace, name: ref.name } };
  }

  /** Every cached object naming uid among its owners, with the monitor that holds it. */
  dependentsOf(uid: string): Array<{ monitor: Monitor; obj: Stored }> {
    return this.all().flatMap((monitor) => monitor.informer.lister.byOwner(uid).map((obj) => ({ monitor, obj })));
  }
}
