import type { ResourceRef } from "./options.js";
import type { ResourceDefinition } from "./resource.js";

/**
 * The served resources, looked up the ways the server and registry need: by URL
 * (group, version, resource), by kind, and by group for discovery. Order is discovery
 * order; within a group the first version listed is the preferred one.
 */
export class ResourceTable {
  private readonly byRef = new Map<string, ResourceDefinition>();
  private readonly byKind = new Map<string, ResourceDefinition>();

  constructor(readonly definitions: readonly ResourceDefinition[]) {
    for (const d of definitions) {
      const { group, version, resource, kind } = d.info;
      this.byRef.set(refKey({ group, version, resource }), d);
      this.byKind.set(`${group}/${version}/${kind}`, d);
    }
  }

  /** The definition for a URL's group/version/resource, or undefined (404). */
  lookup(r: ResourceRef): ResourceDefinition | undefined {
    return this.byRef.get(refKey(r));
  }

  /** The definition for an apiVersion + kind ("batch/v1beta1", "CronJob"). */
  lookupKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
    return this.byKind.get(`${group}/${version}/${kind}`);
  }

  /** Groups in discovery order (core "" first), each with its versions, preferred first. */
  groups(): Array<{ group: string; versions: string[] }> {
    const out: Array<{ group: string; versions: string[] }> = [];
    for (const d of this.definitions) {
      let g = out.find((x) => x.group === d.info.group);
      if (!g) {
        g = { group: d.info.group, versions: [] };
        out.push(g);
      }
      if (!g.versions.includes(d.info.version)) g.versions.push(d.info.version);
    }
    return out;
  }

  /** Every definition served at group/version, in table order. */
  atVersion(group: string, version: string): ResourceDefinition[] {
    return this.definitions.filter((d) => d.info.group === group && d.info.version === version);
  }

  /** The definition at the storage version of r's resource (where conversion leads). */
  storageDefinition(r: ResourceRef): ResourceDefinition | undefined {
    const d = this.lookup(r);
    if (!d) return undefined;
    const s = d.info.storage;
    return this.lookup({ group: s.group, version: s.version, resource: s.resource });
  }
}

function refKey(r: ResourceRef): string {
  return `${r.group}/${r.version}/${r.resource}`;
}
