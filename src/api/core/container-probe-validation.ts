import type { HTTPGetAction, Lifecycle, LifecycleHandler, Probe } from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { fromMessages, validateNonnegative } from "../validation/generic.js";
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from "../../util/names.js";

/** Probes and lifecycle hooks of a container, as upstream v1.32 validates them. */

export function validateLivenessProbe(probe: Probe | undefined, gracePeriod: number | undefined, p: FieldPath): FieldError[] {
  if (!probe) return [];
  return [...validateProbe(probe, gracePeriod, p), ...mustBeOne(probe.successThreshold, p.child("successThreshold"))];
}

export function validateReadinessProbe(probe: Probe | undefined, gracePeriod: number | undefined, p: FieldPath): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, p);
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    const at = p.child("terminationGracePeriodSeconds");
    errs.push(fieldErrors.invalid(at, probe.terminationGracePeriodSeconds, "must not be set for readinessProbes"));
  }
  return errs;
}

export function validateStartupProbe(probe: Probe | undefined, gracePeriod: number | undefined, p: FieldPath): FieldError[] {
  if (!probe) return [];
  return [...validateProbe(probe, gracePeriod, p), ...mustBeOne(probe.successThreshold, p.child("successThreshold"))];
}

function mustBeOne(value: number | undefined, p: FieldPath): FieldError[] {
  return (value ?? 0) !== 1 ? [fieldErrors.invalid(p, value ?? 0, "must be 1")] : [];
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, p: FieldPath): FieldError[] {
  const errs = validateHandler(probe, gracePeriod, p, { grpc: true, sleep: false });
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] as const) {
    errs.push(...validateNonnegative(probe[f] ?? 0, p.child(f)));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (typeof tgps === "number" && tgps <= 0) {
    errs.push(fieldErrors.invalid(p.child("terminationGracePeriodSeconds"), tgps, "must be greater than 0"));
  }
  return errs;
}

export function validateLifecycle(lifecycle: Lifecycle, gracePeriod: number | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle.postStart) errs.push(...validateHandler(lifecycle.postStart, gracePeriod, p.child("postStart"), { grpc: false, sleep: true }));
  if (lifecycle.preStop) errs.push(...validateHandler(lifecycle.preStop, gracePeriod, p.child("preStop"), { grpc: false, sleep: true }));
  return errs;
}

type AnyHandler = Probe & LifecycleHandler & { sleep?: { seconds: number } };

/** Exactly one handler; probes may use grpc, lifecycle hooks may use sleep. */
function validateHandler(h: AnyHandler, gracePeriod: number | undefined, p: FieldPath, kinds: { grpc: boolean; sleep: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  const handlers: Array<[string, unknown, () => FieldError[]]> = [
    ["exec", h.exec, () => ((h.exec?.command ?? []).length === 0 ? [fieldErrors.required(p.child("exec").child("command"))] : [])],
    ["httpGet", h.httpGet, () => validateHTTPGet(h.httpGet!, p.child("httpGet"))],
    ["tcpSocket", h.tcpSocket, () => validatePortNumOrName(h.tcpSocket!.port, p.child("tcpSocket").child("port"))],
  ];
  if (kinds.grpc) handlers.push(["grpc", h.grpc, () => validatePortNumOrName(h.grpc!.port, p.child("grpc").child("port"))]);
  if (kinds.sleep) handlers.push(["sleep", h.sleep, () => validateSleep(h.sleep!.seconds, gracePeriod, p.child("sleep"))]);
  let count = 0;
  for (const [name, value, check] of handlers) {
    if (value === undefined || value === null) continue;
    if (count > 0) {
      errs.push(fieldErrors.forbidden(p.child(name), "may not specify more than 1 handler type"));
      continue;
    }
    count++;
    errs.push(...check());
  }
  if (count === 0) errs.push(fieldErrors.required(p, "must specify a handler type"));
  return errs;
}

function validateSleep(seconds: number, gracePeriod: number | undefined, p: FieldPath): FieldError[] {
  if (gracePeriod === undefined || (seconds > 0 && seconds <= gracePeriod)) return [];
  const detail = `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`;
  return [fieldErrors.invalid(p, seconds, detail)];
}

function validateHTTPGet(h: HTTPGetAction, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!h.path) errs.push(fieldErrors.required(p.child("path")));
  errs.push(...validatePortNumOrName(h.port, p.child("port")));
  if (h.scheme !== "HTTP" && h.scheme !== "HTTPS") errs.push(fieldErrors.notSupported(p.child("scheme"), h.scheme ?? "", ["HTTP", "HTTPS"]));
  for (const header of h.httpHeaders ?? []) errs.push(...fromMessages(p.child("httpHeaders"), header.name, isHTTPHeaderName(header.name)));
  return errs;
}

/** An IntOrString port: a number 1–65535 or an IANA service name. */
export function validatePortNumOrName(port: number | string | undefined, p: FieldPath): FieldError[] {
  // An absent IntOrString decodes in Go as the integer 0.
  if (typeof port !== "string") return fromMessages(p, port ?? 0, isValidPortNum(port ?? 0));
  return fromMessages(p, port, isValidPortName(port));
}
