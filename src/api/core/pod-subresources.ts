import type { Pod, PodCondition } from "kubernetes-types/core/v1.js";
import { fieldErrors, formatFieldErrors, type FieldError } from "../field-errors.js";
import { isPlainObject } from "../object.js";
import type { DeleteOptions } from "../options.js";
import type { SubresourceAction } from "../resource.js";
import { apiErrors } from "../status.js";
import { rfc3339 } from "../../util/clock.js";
import { setPodStatus } from "./pod-create-defaults.js";

/** POST pods/binding and pods/eviction, as upstream's BindingREST and EvictionREST (without disruption budgets). */
export function podPostSubresource(
  name: "binding" | "eviction",
  pod: Pod,
  body: unknown,
  context?: { readonly now: number },
): SubresourceAction<Pod> {
  return name === "binding" ? bindPod(pod, body, context?.now) : evictPod(pod, body);
}

const bindingResource = { group: "", resource: "pods/binding" };

/** Sets spec.nodeName once, marks the pod scheduled, copies the binding's annotations. */
function bindPod(pod: Pod, body: unknown, now: number | undefined): SubresourceAction<Pod> {
  const binding = asObject(body, "Binding");
  const meta = isPlainObject(binding["metadata"]) ? binding["metadata"] : {};
  const podName = pod.metadata?.name ?? "";
  if (meta["name"] !== podName) throw apiErrors.badRequest("name in URL does not match name in Binding object");
  const target = isPlainObject(binding["target"]) ? binding["target"] : {};
  const errs = validateBindingTarget(target);
  if (errs.length > 0) throw apiErrors.internal(new Error(formatFieldErrors(errs)));
  const uid = typeof meta["uid"] === "string" ? meta["uid"] : "";
  const conflict = (detail: string): Error => apiErrors.conflict(bindingResource, podName, detail);
  if (uid && uid !== pod.metadata?.uid) {
    throw conflict(`Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata?.uid ?? ""}`);
  }
  if (pod.metadata?.deletionTimestamp) throw conflict(`pod ${podName} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) throw conflict(`pod ${podName} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`);
  if ((pod.spec?.schedulingGates ?? []).length > 0) throw conflict(`pod ${podName} has non-empty .spec.schedulingGates`);
  pod.spec = { ...pod.spec!, nodeName: String(target["name"]) };
  const annotations = isPlainObject(meta["annotations"]) ? meta["annotations"] : {};
  if (Object.keys(annotations).length > 0) {
    pod.metadata = { ...pod.metadata, annotations: { ...pod.metadata?.annotations, ...(annotations as Record<string, string>) } };
  }
  setScheduledCondition(pod, now);
  return { action: "update", object: pod };
}

function validateBindingTarget(target: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const kind = typeof target["kind"] === "string" ? target["kind"] : "";
  if (kind && kind !== "Node") errs.push(fieldErrors.notSupported("target.kind", kind, ["Node", "<empty>"]));
  if (typeof target["name"] !== "string" || target["name"] === "") errs.push(fieldErrors.required("target.name"));
  return errs;
}

/**
 * upstream's UpdatePodCondition with {PodScheduled, True}: the transition time is kept when the
 * status does not change, and is the request's time when it does (unset if the caller gave none).
 */
function setScheduledCondition(pod: Pod, now: number | undefined): void {
  const conditions: PodCondition[] = [...(pod.status?.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === "PodScheduled");
  const next: PodCondition = { type: "PodScheduled", status: "True" };
  if (i >= 0 && conditions[i]!.status === "True") next.lastTransitionTime = conditions[i]!.lastTransitionTime;
  else if (now !== undefined) next.lastTransitionTime = rfc3339(now);
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  setPodStatus(pod, { ...pod.status, conditions });
}

/** An eviction is a delete with the eviction's options (no PodDisruptionBudgets are served). */
function evictPod(pod: Pod, body: unknown): SubresourceAction<Pod> {
  const eviction = asObject(body, "Eviction");
  const meta = isPlainObject(eviction["metadata"]) ? eviction["metadata"] : {};
  if (meta["name"] !== pod.metadata?.name) throw apiErrors.badRequest("name in URL does not match name in Eviction object");
  const options = isPlainObject(eviction["deleteOptions"]) ? (eviction["deleteOptions"] as DeleteOptions) : {};
  return { action: "delete", options };
}

function asObject(body: unknown, kind: string): Record<string, unknown> {
  if (!isPlainObject(body)) throw apiErrors.badRequest(`not a ${kind} object: ${JSON.stringify(body)}`);
  return body;
}
