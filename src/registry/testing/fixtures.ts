// Small resource definitions for the registry's own tests: generic rules without any real
// kind's details, plus the real Namespace so namespace lifecycle is exercised for real.
import { isDeepStrictEqual } from "node:util";
import { fieldErrors, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/object.js";
import { ResourceTable } from "../../api/resource-table.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy } from "../../api/resource.js";
import { namespaceDefinition } from "../../api/core/namespace.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../../api/validation/object-meta.js";
import { openSqliteStore, type SqliteStoreOptions } from "../../store/sqlite/sqlite-store.js";
import type { Store } from "../../store/store.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import { ensureSystemNamespaces } from "../bootstrap.js";
import { createRegistry } from "../generic-registry.js";
import type { Registry } from "../registry.js";

export interface Widget extends KubeObject {
  spec?: { replicas?: number; color?: string; deprecated?: boolean; grace?: number; nodeName?: string };
  status?: { replicas?: number; phase?: string };
}

/** Equal as JSON: key order and undefined fields do not count (as upstream's semantic equality). */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
}

/** Records the order the registry calls strategy hooks in. */
export type CallLog = string[];

function widgetInfo(version: string): ResourceInfo {
  return {
    group: "example.com",
    version,
    kind: "Widget",
    resource: "widgets",
    singular: "widget",
    listKind: "WidgetList",
    namespaced: true,
    shortNames: [],
    categories: [],
    subresources: ["status", "scale"],
    verbs: allVerbs,
    storage: { group: "example.com", resource: "widgets", version: "v1", kind: "Widget" },
  };
}

export function widgetStrategy(log: CallLog = []): Strategy<Widget> {
  return {
    applyDefaults(w) {
      log.push("applyDefaults");
      w.spec ??= {};
      w.spec.replicas ??= 1;
    },
    prepareForCreate(w) {
      log.push("prepareForCreate");
      w.status = {};
      Object.assign(w.metadata!, { generation: 1 });
    },
    prepareForUpdate(w, old) {
      log.push("prepareForUpdate");
      w.status = old.status ?? {};
      if (!sameJson(w.spec, old.spec)) Object.assign(w.metadata!, { generation: (old.metadata?.generation ?? 0) + 1 });
    },
    validate(w) {
      log.push("validate");
      const errs: FieldError[] = validateObjectMeta(w.metadata, { namespaced: true });
      if ((w.spec?.replicas ?? 0) < 0) errs.push(fieldErrors.invalid("spec.replicas", w.spec?.replicas, "must be greater than or equal to 0"));
      return errs;
    },
    validateUpdate(w, old) {
      log.push("validateUpdate");
      return validateObjectMetaUpdate(w.metadata, old.metadata);
    },
    warnings: (w) => (w.spec?.deprecated ? ["spec.deprecated is deprecated"] : []),
    status: {
      prepareForUpdate(w, old) {
        log.push("status.prepareForUpdate");
        w.spec = old.spec ?? {};
      },
      validateUpdate: () => [],
    },
    scale: {
      specReplicas: (w) => w.spec?.replicas ?? 0,
      statusReplicas: (w) => w.status?.replicas ?? 0,
      selector: (w) => `app=${w.metadata?.name ?? ""}`,
      withReplicas: (w, replicas) => ({ ...w, spec: { ...w.spec, replicas } }),
    },
    selectableFields: (w) => ({ "spec.color": w.spec?.color ?? "" }),
    table: { columns: [], cells: () => [] },
  };
}

/** v1beta1 Widgets call spec.replicas spec.size and live with the v1 ones. */
const widgetV1beta1Converter = {
  toStorage(obj: KubeObject): KubeObject {
    const w = structuredClone(obj) as Widget & { spec?: { size?: number } };
    if (w.spec && "size" in w.spec) {
      w.spec.replicas = w.spec.size;
      delete w.spec.size;
    }
    return w;
  },
  fromStorage(obj: KubeObject): KubeObject {
    const w = structuredClone(obj) as Widget & { spec?: { size?: number } };
    if (w.spec && "replicas" in w.spec) {
      w.spec.size = w.spec.replicas;
      delete w.spec.replicas;
    }
    return w;
  },
};

/** Gadgets are deleted gracefully (as pods are) and are cluster-unaware of finalizer defaults. */
function gadgetInfo(): ResourceInfo {
  return { ...widgetInfo("v1"), kind: "Gadget", resource: "gadgets", singular: "gadget", listKind: "GadgetList", subresources: [], storage: { group: "example.com", resource: "gadgets", version: "v1", kind: "Gadget" } };
}

export function gadgetStrategy(log: CallLog = []): Strategy<Widget> {
  const base = widgetStrategy(log);
  const { status: _s, scale: _c, selectableFields: _f, ...rest } = base;
  return {
    ...rest,
    allowCreateOnUpdate: true,
    deletionGracePeriod: (w, requested) => (w.spec?.nodeName ? requested ?? w.spec?.grace ?? 30 : 0),
  };
}

export const widgetsV1 = { group: "example.com", version: "v1", resource: "widgets" } as const;
export const widgetsV1beta1 = { group: "example.com", version: "v1beta1", resource: "widgets" } as const;
export const gadgets = { group: "example.com", version: "v1", resource: "gadgets" } as const;
export const namespaces = { group: "", version: "v1", resource: "namespaces" } as const;

export interface TestCluster {
  readonly registry: Registry;
  readonly store: Store;
  readonly clock: VirtualClock;
  readonly table: ResourceTable;
  readonly log: CallLog;
}

/** Start of every test cluster's virtual clock: 2026-01-02T03:04:05Z. */
export const startTime = Date.UTC(2026, 0, 2, 3, 4, 5);

/** A registry over a fresh in-memory SQLite store with the system namespaces. */
export async function testCluster(
  extra: readonly ResourceDefinition[] = [],
  storeOptions: Omit<SqliteStoreOptions, "clock"> = {},
): Promise<TestCluster> {
  const clock = new VirtualClock(startTime);
  const store = await openSqliteStore(":memory:", { clock, ...storeOptions });
  const log: CallLog = [];
  const strategy = widgetStrategy(log) as Strategy;
  const table = new ResourceTable([
    namespaceDefinition as ResourceDefinition,
    { info: widgetInfo("v1"), strategy },
    { info: widgetInfo("v1beta1"), strategy, converter: widgetV1beta1Converter },
    { info: gadgetInfo(), strategy: gadgetStrategy(log) as Strategy },
    ...extra,
  ]);
  const registry = createRegistry({ store, resources: table, clock });
  await ensureSystemNamespaces(registry);
  log.length = 0;
  return { registry, store, clock, table, log };
}

export function widget(name: string, spec: Widget["spec"] = {}, meta: KubeObject["metadata"] = {}): Widget {
  return { apiVersion: "example.com/v1", kind: "Widget", metadata: { name, ...meta }, spec };
}
