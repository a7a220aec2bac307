import { clone, type KubeObject, type Stored } from "../api/object.js";
import type { PatchType } from "../api/options.js";
import { apiErrors } from "../api/status.js";
import { toServed, toStorage } from "./codec.js";
import { applyPatch } from "./patch/index.js";
import type { WriteResult } from "./registry.js";
import { decodeScale, toScale } from "./scale.js";
import { writeObject, type WriteDeps, type WriteRequest } from "./write-path.js";

/** The Scale a request asks for, made from the current one (a PUT body, or a patch of it). */
export type ScaleOf = (current: Stored) => KubeObject & { spec?: { replicas?: number } };

/**
 * The scale subresource written: the Scale's replicas go into the object, which then takes
 * the main update path (prepareForUpdate bumps generation, validation runs), and the answer
 * is the new Scale. A resourceVersion on the Scale is the object's precondition.
 */
export async function writeScale(deps: WriteDeps, req: WriteRequest, scaleOf: ScaleOf): Promise<WriteResult> {
  const { res } = req;
  const mapping = res.strategy.scale;
  if (!mapping) throw apiErrors.notFound(res.gr, req.name);
  const result = await writeObject(deps, { ...req, subresource: "scale" }, (current) => {
    const stored = clone(current!);
    const scale = scaleOf(toScale(res, stored));
    const updated = mapping.withReplicas(stored, scale.spec?.replicas ?? 0) as Stored;
    const rv = scale.metadata?.resourceVersion;
    if (rv) updated.metadata.resourceVersion = rv;
    else delete (updated.metadata as { resourceVersion?: string }).resourceVersion;
    return toServed(res, updated);
  });
  const stored = res.served.converter ? (toStorage(res, clone(result.object)) as Stored) : result.object;
  return { object: toScale(res, stored), created: false };
}

/** A Scale patched as a client asked; server-side apply of a Scale is not served. */
export function patchedScale(type: PatchType, patch: unknown, name: string): ScaleOf {
  return (scale) => {
    if (type === "apply") throw apiErrors.badRequest("server-side apply is not supported on the scale subresource");
    const patched = applyPatch(scale as unknown as Record<string, unknown>, patch, { type, apiVersion: "autoscaling/v1", kind: "Scale" });
    return decodeScale(patched, name);
  };
}
