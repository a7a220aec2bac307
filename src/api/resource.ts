import type { FieldError } from "./field-errors.js";
import type { KubeObject } from "./object.js";
import type { DeleteOptions } from "./options.js";
import type { GroupKind, GroupResource } from "./status.js";

/** Subresources the server routes generically; which a kind has is listed in its info. */
export type SubresourceName =
  | "status"
  | "scale"
  | "log"
  | "exec"
  | "attach"
  | "binding"
  | "eviction"
  | "portforward"
  | "proxy"
  | "finalize";

/** What discovery says of one resource at one group-version. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural, lower case: "statefulsets". */
  readonly resource: string;
  readonly singular: string;
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly SubresourceName[];
  /** Verbs beyond the full CRUD set are not supported; a kind may serve fewer. */
  readonly verbs: readonly Verb[];
  /**
   * Where objects of this resource live in the store. Versions of one resource share it
   * (batch/v1beta1 CronJobs are stored as batch/v1), so their storage group-resource is equal.
   */
  readonly storage: GroupResource & { readonly version: string; readonly kind: string };
  /** Sent as `Warning: 299 - "…"` on every request to this version (deprecated APIs). */
  readonly deprecationWarning?: string;
}

export type Verb = "create" | "delete" | "deletecollection" | "get" | "list" | "patch" | "update" | "watch";

export const allVerbs: readonly Verb[] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** One printed column of a Table, as metav1.TableColumnDefinition. */
export interface TableColumn {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  readonly format: string;
  readonly description: string;
  /** 0: always shown; 1: only with -o wide. */
  readonly priority: number;
}

/** Converts objects of one kind to Table rows, as upstream's printers (pkg/printers/internalversion). */
export interface TablePrinter<T extends KubeObject = KubeObject> {
  readonly columns: readonly TableColumn[];
  /** One row's cells, matching columns; now (ms) is for ages and durations. */
  cells(obj: T, now: number): unknown[];
}

/** The autoscaling/v1 Scale view of a kind with a scale subresource. */
export interface ScaleMapping<T extends KubeObject = KubeObject> {
  /** spec.replicas (as the object has it, after defaulting). */
  specReplicas(obj: T): number;
  statusReplicas(obj: T): number;
  /** Label selector string for status.selector ("app=web"). */
  selector(obj: T): string;
  /** A copy of obj with spec.replicas set. */
  withReplicas(obj: T, replicas: number): T;
}

/**
 * The rules of one kind, plugged into the generic registry. Every method works on the
 * storage (hub) version of the object and mutates only the object it is given.
 * Names follow upstream's rest.RESTCreateStrategy / RESTUpdateStrategy.
 */
export interface Strategy<T extends KubeObject = KubeObject> {
  /** Fills defaults exactly as upstream's SetObjectDefaults_<Kind> does. Runs on create and update. */
  applyDefaults(obj: T): void;
  /** Before validation on create: clear status where upstream does, set generation... */
  prepareForCreate(obj: T): void;
  /** Before validation on update: keep status from old, bump generation on a spec change... */
  prepareForUpdate(obj: T, old: T): void;
  /** Field errors of a new object (metadata included). */
  validate(obj: T): FieldError[];
  /** Field errors of an update (immutable fields etc.), in addition to validate(obj). */
  validateUpdate(obj: T, old: T): FieldError[];
  /** Non-fatal warnings returned to the client on create or update. */
  warnings?(obj: T, old: T | undefined): string[];
  /** The status subresource: the update rule reversed (spec kept from old, status taken). */
  readonly status?: {
    prepareForUpdate(obj: T, old: T): void;
    validateUpdate(obj: T, old: T): FieldError[];
  };
  readonly scale?: ScaleMapping<T>;
  readonly table: TablePrinter<T>;
  /**
   * Values for fieldSelector besides metadata.name and metadata.namespace, which the registry
   * provides for every kind (e.g. pods: spec.nodeName, status.phase).
   */
  selectableFields?(obj: T): Record<string, string>;
  /**
   * Graceful deletion: the grace period (seconds) to apply when deletion is asked with
   * `requested` (undefined when the client gave none), or undefined to delete at once.
   * Only pods implement it.
   */
  deletionGracePeriod?(obj: T, requested: number | undefined): number | undefined;
  /** Whether PUT may create a missing object (upstream AllowCreateOnUpdate). */
  readonly allowCreateOnUpdate?: boolean;
  /**
   * Runs when a deletion is recorded but the object stays (finalizers, grace period): e.g. a
   * namespace sets status.phase Terminating.
   */
  prepareForDelete?(obj: T): void;
  /**
   * Finalizers kept outside metadata.finalizers (a namespace's spec.finalizers): the object is
   * not removed while any remain, as with metadata.finalizers.
   */
  specFinalizers?(obj: T): readonly string[];
  /** The finalize subresource (namespaces): an update that may change only the spec finalizers. */
  readonly finalize?: {
    prepareForUpdate(obj: T, old: T): void;
  };
  /**
   * POST subresources acting on the object (pods/binding, pods/eviction): given the current
   * object and the posted body, what the registry should do. Throws StatusError for a bad body
   * or a conflict (e.g. a pod already bound). context.now (ms, from the registry's clock) is the
   * request's time, for condition transition times.
   */
  postSubresource?(name: "binding" | "eviction", obj: T, body: unknown, context?: { readonly now: number }): SubresourceAction<T>;
}

/** What a POST subresource asks the registry to do. */
export type SubresourceAction<T> =
  | { readonly action: "update"; readonly object: T }
  | { readonly action: "delete"; readonly options: DeleteOptions };

/** Conversion between a served version and the storage version of a resource. */
export interface VersionConverter {
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

/** One served resource at one version: discovery info, rules, and conversion if not the storage version. */
export interface ResourceDefinition<T extends KubeObject = KubeObject> {
  readonly info: ResourceInfo;
  readonly strategy: Strategy<T>;
  readonly converter?: VersionConverter;
}

export function groupResourceOf(info: ResourceInfo): GroupResource {
  return { group: info.group, resource: info.resource };
}

export function groupKindOf(info: ResourceInfo): GroupKind {
  return { group: info.group, kind: info.kind };
}

export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}
