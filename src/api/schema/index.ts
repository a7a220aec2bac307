/**
 * Type metadata of the served kinds, for the rest of tinykube:
 *
 *   schemaFor(apiVersion, kind)       the TypeSchema of a kind ("apps/v1", "StatefulSet")
 *   typeNamed(name)                   a type by OpenAPI name ("io.k8s.api.core.v1.Container")
 *   fieldOf(type, field)              a field's schema: its ValueType, description and patch
 *                                     metadata (patchStrategy, patchMergeKey, listType,
 *                                     listMapKeys, mapType)
 *   typeAt(rootName, path)            the ValueType at a path of fields / indexes / keys
 *   unknownFields(obj, apiVersion, kind)
 *                                     paths a body sets that its kind does not declare, as
 *                                     fieldValidation=Strict reports them: `unknown field "spec.foo"`
 *   openApiComponents(apiVersion)     components.schemas of a group-version's /openapi/v3 document
 *   openApiSchema(type), openApiRef(name), kindsAt(apiVersion)
 *
 * Types come from kubernetes-types (generated-types.ts, by scripts/gen-schema.mjs), with the
 * v1.31/v1.32 additions of added-fields.ts and upstream's patch metadata from patch-metadata.ts.
 */
export { catalog, schemaFor, typeNamed } from "./catalog.js";
export { kindsAt, openApiComponents, openApiRef, openApiSchema, reachableTypes } from "./openapi-schema.js";
export type { OpenApiSchema } from "./openapi-schema.js";
export { childType, fieldOf, resolveRef, typeAt } from "./type-lookup.js";
export { goTypeName } from "./type-schema.js";
export type { FieldPatchMeta, FieldSchema, GroupVersionKind, ListType, MapType, PatchStrategy, ScalarType, TypeKind, TypeSchema, ValueType } from "./type-schema.js";
export { unknownFields } from "./unknown-fields.js";
