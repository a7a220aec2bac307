/**
 * The shape of tinykube's type metadata: every type reachable from the served kinds, with
 * the patch metadata upstream attaches through Go struct tags and `+listType` markers.
 * Type names are upstream's OpenAPI names ("io.k8s.api.apps.v1.StatefulSet").
 */

export type ScalarType = "string" | "integer" | "number" | "boolean";

/** What a field holds: a scalar, a named type, or a list or string-keyed map of either. */
export type ValueType =
  | { readonly kind: "scalar"; readonly type: ScalarType }
  | { readonly kind: "ref"; readonly name: string }
  | { readonly kind: "array"; readonly items: ValueType }
  | { readonly kind: "map"; readonly values: ValueType };

/** Go's patchStrategy struct tag, read by strategic merge patch. */
export type PatchStrategy = "merge" | "replace" | "retainKeys" | "merge,retainKeys";

/** `+listType`, read by server-side apply (x-kubernetes-list-type). */
export type ListType = "atomic" | "set" | "map";

/** `+mapType` / `+structType` (x-kubernetes-map-type). */
export type MapType = "atomic" | "granular";

/** Patch and apply metadata of one field, as upstream's struct tags and markers give it. */
export interface FieldPatchMeta {
  readonly patchStrategy?: PatchStrategy;
  readonly patchMergeKey?: string;
  readonly listType?: ListType;
  readonly listMapKeys?: readonly string[];
  readonly mapType?: MapType;
  /** `+default`: used by server-side apply for list-map keys the object leaves out (ports' protocol). */
  readonly default?: string | number | boolean;
}

export interface FieldSchema extends FieldPatchMeta {
  readonly type: ValueType;
  readonly description: string;
}

/**
 * How values of a named type are written. "object" types have fields; the others are the
 * special types of apimachinery, each a scalar or free-form value on the wire.
 */
export type TypeKind = "object" | "int-or-string" | "quantity" | "time" | "micro-time" | "raw-extension" | "fields-v1";

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface TypeSchema {
  /** The OpenAPI name, e.g. "io.k8s.api.core.v1.Container". */
  readonly name: string;
  readonly description: string;
  readonly kind: TypeKind;
  readonly fields: Readonly<Record<string, FieldSchema>>;
  readonly required: readonly string[];
  /** `+structType=atomic`: the struct is replaced as a whole by apply. */
  readonly mapType?: MapType;
  /** For the top-level kinds: x-kubernetes-group-version-kind. */
  readonly gvk?: readonly GroupVersionKind[];
}

/** The Go type name upstream prints in patch errors: the last segment of the OpenAPI name. */
export function goTypeName(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf(".") + 1);
}
