import { fieldErrors } from "../api/field-errors.js";
import type { KubeObject, Stored } from "../api/object.js";
import { isPlainObject } from "../api/object.js";
import type { ScaleMapping } from "../api/resource.js";
import { apiErrors } from "../api/status.js";
import type { Resolved } from "./resolve.js";

/** autoscaling/v1 Scale, the view of the scale subresource. */
export interface Scale extends KubeObject {
  apiVersion: "autoscaling/v1";
  kind: "Scale";
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

export function scaleMapping(res: Resolved): ScaleMapping {
  const mapping = res.strategy.scale;
  if (!mapping) throw apiErrors.notFound(res.gr, "scale");
  return mapping;
}

/** The Scale of a stored object (storage version), as upstream's scaleFromStatefulSet. */
export function toScale(res: Resolved, obj: Stored): Stored<Scale> {
  const mapping = scaleMapping(res);
  const m = obj.metadata;
  const selector = mapping.selector(obj);
  return {
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: {
      name: m.name,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: mapping.specReplicas(obj) },
    status: { replicas: mapping.statusReplicas(obj), ...(selector ? { selector } : {}) },
  };
}

/** A decoded Scale body: must be autoscaling/v1 Scale with spec.replicas ≥ 0. */
export function decodeScale(body: unknown, name: string): Scale {
  if (!isPlainObject(body)) throw apiErrors.badRequest("the object provided is unrecognized (must be of type Scale)");
  const scale = body as unknown as Scale;
  const apiVersion = scale.apiVersion ?? "autoscaling/v1";
  const kind = scale.kind ?? "Scale";
  if (kind !== "Scale") throw apiErrors.badRequest(`${kind} in version "${apiVersion.split("/").pop()}" cannot be handled as a Scale`);
  if (apiVersion !== "autoscaling/v1") {
    throw apiErrors.badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (autoscaling/v1)`);
  }
  const objName = scale.metadata?.name ?? "";
  if (objName !== name) throw apiErrors.badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`);
  const replicas = scale.spec?.replicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0) {
    const errs = [fieldErrors.invalid("spec.replicas", replicas, "must be greater than or equal to 0")];
    throw apiErrors.invalid({ group: "autoscaling", kind: "Scale" }, name, errs);
  }
  return scale;
}
