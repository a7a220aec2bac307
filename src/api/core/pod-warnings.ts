import type { Container, PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { FieldPath } from "../field-errors.js";
import { formatQuantity, milliValue, tryParseQuantity } from "../../util/quantity.js";

/**
 * Non-fatal warnings on pods and pod templates, as upstream's GetWarningsForPod and
 * GetWarningsForPodTemplate word them (deprecated labels and volumes, duplicates, fractional bytes).
 */
export function podWarnings(spec: PodSpec | undefined, meta: ObjectMeta | undefined): string[] {
  return spec ? warningsFor(spec, meta ?? {}, undefined) : [];
}

/** Warnings for a template at path (e.g. "spec.template"), for the kinds that embed one. */
export function podTemplateWarnings(template: PodTemplateSpec | undefined, path: string): string[] {
  return template?.spec ? warningsFor(template.spec, template.metadata ?? {}, FieldPath.root(path)) : [];
}

// A Map: keys come from users, and a plain object would answer "constructor" from its prototype.
const deprecatedNodeLabels = new Map<string, string>([
  ["beta.kubernetes.io/arch", 'deprecated since v1.14; use "kubernetes.io/arch" instead'],
  ["beta.kubernetes.io/os", 'deprecated since v1.14; use "kubernetes.io/os" instead'],
  ["failure-domain.beta.kubernetes.io/region", 'deprecated since v1.17; use "topology.kubernetes.io/region" instead'],
  ["failure-domain.beta.kubernetes.io/zone", 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead'],
  ["beta.kubernetes.io/instance-type", 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead'],
]);

const deprecatedVolumes: Array<[string, string]> = [
  ["photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"],
  ["gitRepo", "deprecated in v1.11"],
  ["scaleIO", "deprecated in v1.16, non-functional in v1.22+"],
  ["flocker", "deprecated in v1.22, non-functional in v1.25+"],
  ["storageos", "deprecated in v1.22, non-functional in v1.25+"],
  ["quobyte", "deprecated in v1.22, non-functional in v1.25+"],
  ["glusterfs", "deprecated in v1.25, non-functional in v1.26+"],
  ["cephfs", "deprecated in v1.28, non-functional in v1.31+"],
  ["rbd", "deprecated in v1.28, non-functional in v1.31+"],
];

/** Upstream prints a nil field path as nothing: pod warnings start at "spec". */
function under(base: FieldPath | undefined, name: string, ...more: string[]): FieldPath {
  return base ? base.child(name, ...more) : FieldPath.root([name, ...more].join("."));
}

function warningsFor(spec: PodSpec, meta: ObjectMeta, base: FieldPath | undefined): string[] {
  const out: string[] = [];
  for (const k of Object.keys(spec.nodeSelector ?? {})) {
    const msg = deprecatedNodeLabels.get(k);
    if (msg) out.push(`${under(base, "spec", "nodeSelector").key(k)}: ${msg}`);
  }
  (spec.topologySpreadConstraints ?? []).forEach((t, i) => {
    const at = under(base, "spec", "topologySpreadConstraints").index(i);
    const msg = deprecatedNodeLabels.get(t.topologyKey);
    if (msg) out.push(`${at.child("topologyKey")}: ${t.topologyKey} is ${msg}`);
    if (!t.labelSelector) out.push(`${at.child("labelSelector")}: a null labelSelector results in matching no pod`);
  });
  (spec.volumes ?? []).forEach((v, i) => {
    const rec = v as unknown as Record<string, unknown>;
    for (const [key, msg] of deprecatedVolumes) {
      // Upstream names the StorageOS path "storageOS" in this message.
      if (rec[key]) out.push(`${under(base, "spec", "volumes").index(i).child(key === "storageos" ? "storageOS" : key)}: ${msg}`);
    }
  });
  out.push(...duplicateNames((spec.hostAliases ?? []).map((a) => a.ip ?? ""), (i) => under(base, "spec", "hostAliases").index(i).child("ip"), "ip"));
  const secrets = (spec.imagePullSecrets ?? []).map((s) => s.name ?? "");
  out.push(...duplicateNames(secrets, (i) => under(base, "spec", "imagePullSecrets").index(i).child("name"), "name"));
  secrets.forEach((name, i) => {
    if (!name) out.push(`${under(base, "spec", "imagePullSecrets").index(i).child("name")}: invalid empty name ""`);
  });
  for (const [list, name] of [[spec.initContainers, "initContainers"], [spec.containers, "containers"]] as const) {
    (list ?? []).forEach((c, i) => out.push(...containerWarnings(c, under(base, "spec", name).index(i))));
  }
  out.push(...duplicatePorts(spec, base));
  if (typeof spec.terminationGracePeriodSeconds === "number" && spec.terminationGracePeriodSeconds < 0) {
    out.push(`${under(base, "spec", "terminationGracePeriodSeconds")}: must be >= 0; negative values are invalid and will be treated as 1`);
  }
  for (const [key, msg] of deprecatedAnnotations) {
    if (meta.annotations?.[key] !== undefined) out.push(`${under(base, "metadata", "annotations").key(key)}: ${msg}`);
  }
  return out;
}

const deprecatedAnnotations: Array<[string, string]> = [
  ["scheduler.alpha.kubernetes.io/critical-pod", 'non-functional in v1.16+; use the "priorityClassName" field instead'],
  ["security.alpha.kubernetes.io/sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'],
  ["security.alpha.kubernetes.io/unsafe-sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'],
];

function duplicateNames(values: readonly string[], at: (i: number) => FieldPath, what: string): string[] {
  if (values.length < 2) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(`${at(i)}: duplicate ${what} ${JSON.stringify(v)}`);
    else seen.add(v);
  });
  return out;
}

function containerWarnings(c: Container, p: FieldPath): string[] {
  const out: string[] = [];
  for (const kind of ["limits", "requests"] as const) {
    for (const resource of ["memory", "ephemeral-storage"]) {
      const q = tryParseQuantity(c.resources?.[kind]?.[resource]);
      if (q && milliValue(q) % 1000n !== 0n) {
        out.push(`${p.child("resources", kind).key(resource)}: fractional byte value ${JSON.stringify(formatQuantity(q))} is invalid, must be an integer`);
      }
    }
  }
  const names = new Set<string>();
  (c.env ?? []).forEach((e, i) => {
    if (!names.has(e.name)) {
      names.add(e.name);
      return;
    }
    const ref = `$(${e.name})`;
    const value = e.value ?? "";
    if (e.valueFrom || value === ref || !value.includes(ref)) {
      out.push(`${p.child("env").index(i)}: hides previous definition of ${JSON.stringify(e.name)}, which may be dropped when using apply`);
    }
  });
  return out;
}

/** The same container port and protocol declared twice across the pod's containers. */
function duplicatePorts(spec: PodSpec, base: FieldPath | undefined): string[] {
  const out: string[] = [];
  const seen = new Map<string, SeenPort[]>();
  for (const [list, name] of [[spec.initContainers, "initContainers"], [spec.containers, "containers"]] as const) {
    (list ?? []).forEach((c, ci) => {
      (c.ports ?? []).forEach((port, pi) => {
        const key = `${port.containerPort}/${port.protocol ?? ""}`;
        const here: SeenPort = { list: name, ci, pi, hostIP: port.hostIP ?? "", hostPort: port.hostPort ?? 0 };
        const earlier = seen.get(key);
        // paths are written only for a warning: most pods have none
        for (const other of earlier ?? []) {
          const problem = portProblem(here, other);
          if (problem) out.push(`${portPath(base, here)}: ${problem} port definition with ${portPath(base, other)}`);
        }
        if (earlier) earlier.push(here);
        else seen.set(key, [here]);
      });
    });
  }
  return out;
}

interface SeenPort {
  readonly list: "initContainers" | "containers";
  readonly ci: number;
  readonly pi: number;
  readonly hostIP: string;
  readonly hostPort: number;
}

function portProblem(here: SeenPort, other: SeenPort): string | undefined {
  if (here.hostIP === other.hostIP && here.hostPort === other.hostPort) return "duplicate";
  if (here.hostPort === 0 || other.hostPort === 0) return "overlapping";
  if (here.hostPort === other.hostPort && (here.hostIP === "") !== (other.hostIP === "")) return "dangerously ambiguous";
  return undefined;
}

function portPath(base: FieldPath | undefined, port: SeenPort): string {
  return under(base, "spec", port.list).index(port.ci).child("ports").index(port.pi).toString();
}
