import type { Container, ContainerPort, EphemeralContainer, VolumeDevice, VolumeMount } from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { fromMessages, validateDNS1123Label } from "../validation/generic.js";
import { isValidPortName, isValidPortNum } from "../../util/names.js";
import { validateEnv, validateEnvFrom } from "./container-env-validation.js";
import { validateLifecycle, validateLivenessProbe, validateReadinessProbe, validateStartupProbe } from "./container-probe-validation.js";
import { validateResourceRequirements } from "./pod-resources-validation.js";
import { validateContainerSecurityContext } from "./pod-security-validation.js";
import { type VolumeSet, validateLocalDescendingPath, validatePathNoBacksteps } from "./pod-volume-validation.js";

/** Containers of a pod spec, as upstream v1.32's validateContainers / validateInitContainers. */

export interface ContainerContext {
  readonly volumes: VolumeSet;
  readonly gracePeriod: number | undefined;
  readonly restartPolicy: string | undefined;
}

export function validateContainers(containers: readonly Container[] | undefined, p: FieldPath, ctx: ContainerContext): FieldError[] {
  if (!containers || containers.length === 0) return [fieldErrors.required(p)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const at = p.index(i);
    errs.push(...validateContainerCommon(c, at, ctx));
    if (names.has(c.name)) errs.push(fieldErrors.duplicate(at.child("name"), c.name));
    else names.add(c.name);
    if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, at.child("lifecycle")));
    errs.push(...validateLivenessProbe(c.livenessProbe, ctx.gracePeriod, at.child("livenessProbe")));
    errs.push(...validateReadinessProbe(c.readinessProbe, ctx.gracePeriod, at.child("readinessProbe")));
    errs.push(...validateStartupProbe(c.startupProbe, ctx.gracePeriod, at.child("startupProbe")));
    if (c.restartPolicy !== undefined) errs.push(fieldErrors.forbidden(at.child("restartPolicy"), "may not be set for non-init containers"));
  });
  errs.push(...checkHostPortConflicts(containers, p));
  return errs;
}

const initForbidden = "may not be set for init containers without restartPolicy=Always";

export function validateInitContainers(
  inits: readonly Container[] | undefined,
  regular: readonly Container[] | undefined,
  p: FieldPath,
  ctx: ContainerContext,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name));
  (inits ?? []).forEach((c, i) => {
    const at = p.index(i);
    errs.push(...validateContainerCommon(c, at, ctx));
    const sidecar = c.restartPolicy === "Always";
    if (c.restartPolicy !== undefined && !sidecar) errs.push(fieldErrors.notSupported(at.child("restartPolicy"), c.restartPolicy, ["Always"]));
    if (names.has(c.name)) errs.push(fieldErrors.duplicate(at.child("name"), c.name));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], p));
    if (sidecar) {
      if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, at.child("lifecycle")));
      errs.push(...validateLivenessProbe(c.livenessProbe, ctx.gracePeriod, at.child("livenessProbe")));
      errs.push(...validateReadinessProbe(c.readinessProbe, ctx.gracePeriod, at.child("readinessProbe")));
      errs.push(...validateStartupProbe(c.startupProbe, ctx.gracePeriod, at.child("startupProbe")));
    } else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] as const) {
        if (c[f]) errs.push(fieldErrors.forbidden(at.child(f), initForbidden));
      }
    }
    if ((c.resizePolicy ?? []).length > 0) errs.push(fieldErrors.invalid(at.child("resizePolicy"), c.resizePolicy, "must not be set for init containers"));
  });
  return errs;
}

/** Fields an ephemeral container may not set (upstream's allowedEphemeralContainerFields, reversed). */
const ephemeralForbidden = ["ports", "resources", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "resizePolicy", "restartPolicy"] as const;

export function validateEphemeralContainers(
  ephemeral: readonly EphemeralContainer[] | undefined,
  others: readonly Container[],
  p: FieldPath,
  ctx: ContainerContext,
): FieldError[] {
  const errs: FieldError[] = [];
  const otherNames = new Set(others.map((c) => c.name));
  const allNames = new Set(otherNames);
  (ephemeral ?? []).forEach((ec, i) => {
    const at = p.index(i);
    errs.push(...validateContainerCommon(ec, at, ctx), ...validateContainerOnlyForPod(ec, at));
    if (allNames.has(ec.name)) errs.push(fieldErrors.duplicate(at.child("name"), ec.name));
    else allNames.add(ec.name);
    if (ec.targetContainerName && !otherNames.has(ec.targetContainerName)) {
      errs.push(fieldErrors.notFound(at.child("targetContainerName"), ec.targetContainerName));
    }
    for (const f of ephemeralForbidden) {
      const v = (ec as unknown as Record<string, unknown>)[f];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) {
        errs.push(fieldErrors.forbidden(at.child(f), "cannot be set for an Ephemeral Container"));
      }
    }
  });
  return errs;
}

/** Pods only (not templates): images may not have surrounding whitespace. */
export function validateContainerOnlyForPod(c: Container, p: FieldPath): FieldError[] {
  const image = c.image ?? "";
  return image.trim() !== image ? [fieldErrors.invalid(p.child("image"), image, "must not have leading or trailing whitespace")] : [];
}

function validateContainerCommon(c: Container, p: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldErrors.required(p.child("name")));
  else errs.push(...validateDNS1123Label(c.name, p.child("name")));
  if (!c.image) errs.push(fieldErrors.required(p.child("image")));
  errs.push(...validateOneOf(c.terminationMessagePolicy, ["File", "FallbackToLogsOnError"], p.child("terminationMessagePolicy")));
  errs.push(...validateContainerPorts(c.ports, p.child("ports")));
  errs.push(...validateEnv(c.env, p.child("env")));
  errs.push(...validateEnvFrom(c.envFrom, p.child("envFrom")));
  errs.push(...validateVolumeMounts(c, ctx.volumes, p.child("volumeMounts")));
  errs.push(...validateVolumeDevices(c, ctx.volumes, p.child("volumeDevices")));
  errs.push(...validateOneOf(c.imagePullPolicy, ["Always", "IfNotPresent", "Never"], p.child("imagePullPolicy")));
  errs.push(...validateResourceRequirements(c.resources, p.child("resources")));
  errs.push(...validateContainerSecurityContext(c.securityContext, p.child("securityContext")));
  return errs;
}

/** Required when empty, NotSupported (values sorted, as upstream's sets.List) when unknown. */
export function validateOneOf(value: string | undefined, supported: readonly string[], p: FieldPath): FieldError[] {
  if (!value) return [fieldErrors.required(p)];
  return supported.includes(value) ? [] : [fieldErrors.notSupported(p, value, supported)];
}

function validateContainerPorts(ports: readonly ContainerPort[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const at = p.index(i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) errs.push(...fromMessages(at.child("name"), port.name, msgs));
      else if (names.has(port.name)) errs.push(fieldErrors.duplicate(at.child("name"), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(fieldErrors.required(at.child("containerPort")));
    else errs.push(...fromMessages(at.child("containerPort"), port.containerPort, isValidPortNum(port.containerPort)));
    if (port.hostPort) errs.push(...fromMessages(at.child("hostPort"), port.hostPort, isValidPortNum(port.hostPort)));
    if (!port.protocol) errs.push(fieldErrors.required(at.child("protocol")));
    else if (!["SCTP", "TCP", "UDP"].includes(port.protocol)) errs.push(fieldErrors.notSupported(at.child("protocol"), port.protocol, ["SCTP", "TCP", "UDP"]));
  });
  return errs;
}

/** Host ports may be used once per protocol and host IP across the given containers. */
function checkHostPortConflicts(containers: readonly Container[], p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${port.protocol ?? ""}/${port.hostIP ?? ""}/${port.hostPort}`;
      if (seen.has(key)) errs.push(fieldErrors.duplicate(p.index(ci).child("ports").index(pi).child("hostPort"), key));
      else seen.add(key);
    });
  });
  return errs;
}

function validateVolumeMounts(c: Container, volumes: VolumeSet, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const devices = new Map((c.volumeDevices ?? []).map((d: VolumeDevice) => [d.name, d.devicePath]));
  const devicePaths = new Set(devices.values());
  const mountPaths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m: VolumeMount, i) => {
    const at = p.index(i);
    if (!m.name) errs.push(fieldErrors.required(at.child("name")));
    if (!volumes.has(m.name)) errs.push(fieldErrors.notFound(at.child("name"), m.name));
    if (!m.mountPath) errs.push(fieldErrors.required(at.child("mountPath")));
    if (mountPaths.has(m.mountPath)) errs.push(fieldErrors.invalid(at.child("mountPath"), m.mountPath, "must be unique"));
    mountPaths.add(m.mountPath);
    if (devices.has(m.name)) errs.push(fieldErrors.invalid(at.child("name"), m.name, "must not already exist in volumeDevices"));
    if (devicePaths.has(m.mountPath)) errs.push(fieldErrors.invalid(at.child("mountPath"), m.mountPath, "must not already exist as a path in volumeDevices"));
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, p.child("subPath")));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(fieldErrors.invalid(at.child("subPathExpr"), m.subPathExpr, "subPathExpr and subPath are mutually exclusive"));
      errs.push(...validateLocalDescendingPath(m.subPathExpr, p.child("subPathExpr")));
    }
    errs.push(...validateMountPropagation(m, c, p.child("mountPropagation")));
  });
  return errs;
}

function validateMountPropagation(m: VolumeMount, c: Container, p: FieldPath): FieldError[] {
  if (m.mountPropagation === undefined) return [];
  const supported = ["Bidirectional", "HostToContainer", "None"];
  const errs: FieldError[] = [];
  if (!supported.includes(m.mountPropagation)) errs.push(fieldErrors.notSupported(p, m.mountPropagation, supported));
  if (m.mountPropagation === "Bidirectional" && c.securityContext?.privileged !== true) {
    errs.push(fieldErrors.forbidden(p, "Bidirectional mount propagation is available only to privileged containers"));
  }
  return errs;
}

function validateVolumeDevices(c: Container, volumes: VolumeSet, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mounts = new Map((c.volumeMounts ?? []).map((m) => [m.name, m.mountPath]));
  const mountPaths = new Set(mounts.values());
  const names = new Set<string>();
  const paths = new Set<string>();
  (c.volumeDevices ?? []).forEach((d, i) => {
    const at = p.index(i);
    const source = volumes.get(d.name);
    if (!d.name) errs.push(fieldErrors.required(at.child("name")));
    if (names.has(d.name)) errs.push(fieldErrors.invalid(at.child("name"), d.name, "must be unique"));
    if (source && !source.persistentVolumeClaim && !source.ephemeral) {
      errs.push(fieldErrors.invalid(at.child("name"), d.name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
    }
    if (!source) errs.push(fieldErrors.notFound(at.child("name"), d.name));
    if (!d.devicePath) errs.push(fieldErrors.required(at.child("devicePath")));
    if (paths.has(d.devicePath)) errs.push(fieldErrors.invalid(at.child("devicePath"), d.devicePath, "must be unique"));
    if (d.devicePath && validatePathNoBacksteps(d.devicePath, p.child("devicePath")).length > 0) {
      errs.push(fieldErrors.invalid(at.child("devicePath"), d.devicePath, "can not contain backsteps ('..')"));
    } else {
      paths.add(d.devicePath);
    }
    if (mounts.has(d.name)) errs.push(fieldErrors.invalid(at.child("name"), d.name, "must not already exist in volumeMounts"));
    if (mountPaths.has(d.devicePath)) errs.push(fieldErrors.invalid(at.child("devicePath"), d.devicePath, "must not already exist as a path in volumeMounts"));
    if (d.name) names.add(d.name);
  });
  return errs;
}
