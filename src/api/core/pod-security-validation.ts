import type { PodSecurityContext, PodSpec, SeccompProfile, SecurityContext } from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { inclusiveRangeError } from "../../util/names.js";
import { validateLocalDescendingPath } from "./pod-volume-validation.js";

/** Security contexts of pods and containers: ID ranges, contradictions and profile types, as upstream v1.32. */

const maxID = 2147483647;

function validateID(value: number | undefined, p: FieldPath): FieldError[] {
  return typeof value === "number" && (value < 0 || value > maxID) ? [fieldErrors.invalid(p, value, inclusiveRangeError(0, maxID))] : [];
}

export function validatePodSecurityContext(spec: PodSpec, p: FieldPath): FieldError[] {
  const sc: PodSecurityContext | undefined = spec.securityContext;
  if (!sc) return [];
  const errs = [...validateID(sc.fsGroup, p.child("fsGroup")), ...validateID(sc.runAsUser, p.child("runAsUser")), ...validateID(sc.runAsGroup, p.child("runAsGroup"))];
  (sc.supplementalGroups ?? []).forEach((g, i) => errs.push(...validateID(g, p.child("supplementalGroups").index(i))));
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(fieldErrors.invalid(p.child("shareProcessNamespace"), true, "ShareProcessNamespace and HostPID cannot both be enabled"));
  }
  if (sc.fsGroupChangePolicy !== undefined && !["Always", "OnRootMismatch"].includes(sc.fsGroupChangePolicy)) {
    errs.push(fieldErrors.notSupported(p.child("fsGroupChangePolicy"), sc.fsGroupChangePolicy, ["Always", "OnRootMismatch"]));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, p.child("seccompProfile")));
  return errs;
}

/** The container securityContext rules that do not depend on the node. */
export function validateContainerSecurityContext(sc: SecurityContext | undefined, p: FieldPath): FieldError[] {
  if (!sc) return [];
  const errs = [...validateID(sc.runAsUser, p.child("runAsUser")), ...validateID(sc.runAsGroup, p.child("runAsGroup"))];
  if (sc.procMount !== undefined && !["Default", "Unmasked"].includes(sc.procMount)) {
    errs.push(fieldErrors.notSupported(p.child("procMount"), sc.procMount, ["Default", "Unmasked"]));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, p.child("seccompProfile")));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) errs.push(fieldErrors.invalid(p, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    if ((sc.capabilities?.add ?? []).includes("CAP_SYS_ADMIN")) {
      errs.push(fieldErrors.invalid(p, sc, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
    }
  }
  return errs;
}

const seccompTypes = ["Localhost", "RuntimeDefault", "Unconfined"];

function validateSeccompProfile(sp: SeccompProfile | undefined, p: FieldPath): FieldError[] {
  if (!sp) return [];
  const errs: FieldError[] = [];
  if (!sp.type) errs.push(fieldErrors.required(p.child("type"), "type is required when seccompProfile is set"));
  else if (!seccompTypes.includes(sp.type)) errs.push(fieldErrors.notSupported(p.child("type"), sp.type, seccompTypes));
  if (sp.type === "Localhost") {
    if (sp.localhostProfile === undefined) errs.push(fieldErrors.required(p.child("localhostProfile"), "must be set when seccomp type is Localhost"));
    else errs.push(...validateLocalDescendingPath(sp.localhostProfile, p.child("localhostProfile")));
  } else if (sp.localhostProfile !== undefined) {
    errs.push(fieldErrors.invalid(p.child("localhostProfile"), sp, "can only be set when seccomp type is Localhost"));
  }
  return errs;
}
