import { parseAccept } from "./media-type.js";
import { pathErrors } from "./responses.js";

/**
 * What the client asked to receive, from its Accept header: the object itself (JSON, or
 * YAML when that is what it prefers), a meta.k8s.io Table, or PartialObjectMetadata.
 * Protobuf is answered with JSON, which every client that asks for it also accepts.
 */
export type OutputTarget =
  | { readonly as: "object"; readonly format: "json" | "yaml" }
  | { readonly as: "Table"; readonly version: "v1" | "v1beta1" }
  | { readonly as: "PartialObjectMetadata" | "PartialObjectMetadataList"; readonly version: "v1" | "v1beta1" };

const json: OutputTarget = { as: "object", format: "json" };

const objectTypes: Record<string, OutputTarget> = {
  "application/json": json,
  "application/*": json,
  "*/*": json,
  "application/vnd.kubernetes.protobuf": json,
  "application/yaml": { as: "object", format: "yaml" },
};

export function outputTarget(accept: string | undefined): OutputTarget {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return json;
  for (const r of ranges) {
    const as = r.params.as;
    if (as === undefined) {
      const t = objectTypes[r.essence];
      if (t) return t;
      continue;
    }
    const version = r.params.v;
    if (r.params.g !== "meta.k8s.io" || (version !== "v1" && version !== "v1beta1")) continue;
    if (r.essence !== "application/json" && r.essence !== "application/yaml") continue;
    if (as === "Table" || as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") return { as, version };
  }
  throw pathErrors.notAcceptable();
}
