import type {
  Container,
  EphemeralContainer,
  HTTPGetAction,
  Lifecycle,
  ObjectFieldSelector,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Volume,
} from "kubernetes-types/core/v1.js";
import { formatQuantity, parseQuantity, QuantityError, roundUp, tryParseQuantity } from "../../util/quantity.js";

/**
 * Defaults of a PodSpec exactly as upstream v1.32's generated SetObjectDefaults for objects that
 * embed one (pkg/apis/core/v1/defaults.go and zz_generated.defaults.go). Pod-only defaults
 * (requests from limits, enableServiceLinks, host ports) are in defaultPodOnlyFields.
 */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= "ClusterFirst";
  spec.restartPolicy ||= "Always";
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= "default-scheduler";
  for (const v of spec.volumes ?? []) defaultVolume(v);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c);
  if (spec.overhead) defaultResourceList(spec.overhead);
  aliasServiceAccount(spec);
}

/**
 * serviceAccount is the deprecated alias of serviceAccountName: upstream's conversion takes it
 * when the new field is empty and always writes it back equal to the new field.
 */
function aliasServiceAccount(spec: PodSpec): void {
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
}

/** A template's spec gets the PodSpec defaults; its metadata gets none. */
export function defaultPodTemplateSpec(template: PodTemplateSpec | undefined): void {
  if (!template) return;
  template.spec ??= { containers: [] };
  defaultPodSpec(template.spec);
}

/** SetDefaults_Pod: only for Pod objects, never for templates (upstream keeps templates unchanged). */
export function defaultPodOnlyFields(spec: PodSpec): void {
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) defaultRequestsFromLimits(c);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
}

function defaultRequestsFromLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!limits || !c.resources) return;
  c.resources.requests ??= {};
  for (const [k, v] of Object.entries(limits)) if (!(k in c.resources.requests)) c.resources.requests[k] = v;
}

/** Image pull policy: Always for ":latest" or no tag (and no digest), else IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): "Always" | "IfNotPresent" {
  return imageTag(image ?? "") === "latest" ? "Always" : "IfNotPresent";
}

/**
 * The tag parsers.ParseImageName finds: "latest" when the reference has neither tag nor digest,
 * "" when it does not parse (empty, or upper case in the repository path).
 */
function imageTag(image: string): string {
  const [name = "", digest] = image.split("@", 2);
  const lastSlash = name.lastIndexOf("/");
  const firstSlash = name.indexOf("/");
  const hasDomain = firstSlash > 0 && /[.:]|^localhost$/.test(name.slice(0, firstSlash));
  const repoPath = hasDomain ? name.slice(firstSlash + 1) : name;
  if (name === "" || /[A-Z]/.test(repoPath.split(":")[0] ?? "")) return "";
  const colon = name.lastIndexOf(":");
  if (colon > lastSlash) return name.slice(colon + 1);
  return digest === undefined ? "latest" : "";
}

function defaultContainer(c: Container | EphemeralContainer): void {
  c.imagePullPolicy ||= defaultPullPolicy(c.image);
  c.terminationMessagePath ||= "/dev/termination-log";
  c.terminationMessagePolicy ||= "File";
  for (const p of c.ports ?? []) p.protocol ||= "TCP";
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) defaultFieldSelector(e.valueFrom.fieldRef);
  if (c.resources?.limits) defaultResourceList(c.resources.limits);
  if (c.resources?.requests) defaultResourceList(c.resources.requests);
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  if (c.lifecycle) defaultLifecycle(c.lifecycle);
}

function defaultProbe(p: Probe): void {
  p.timeoutSeconds ||= 1;
  p.periodSeconds ||= 10;
  p.successThreshold ||= 1;
  p.failureThreshold ||= 3;
  if (p.httpGet) defaultHTTPGet(p.httpGet);
  if (p.grpc) p.grpc.service ??= "";
}

function defaultLifecycle(l: Lifecycle): void {
  if (l.postStart?.httpGet) defaultHTTPGet(l.postStart.httpGet);
  if (l.preStop?.httpGet) defaultHTTPGet(l.preStop.httpGet);
}

function defaultHTTPGet(h: HTTPGetAction): void {
  h.path ||= "/";
  h.scheme ||= "HTTP";
}

function defaultFieldSelector(f: ObjectFieldSelector): void {
  f.apiVersion ||= "v1";
}

/** Volume source keys, to tell a volume with no source (which becomes an emptyDir). */
const volumeSourceKeys = [
  "hostPath", "emptyDir", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi",
  "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc",
  "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected",
  "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image",
] as const;

export function volumeSourceNames(v: Volume): string[] {
  const rec = v as unknown as Record<string, unknown>;
  return volumeSourceKeys.filter((k) => rec[k] !== undefined && rec[k] !== null);
}

function defaultVolume(v: Volume): void {
  if (volumeSourceNames(v).length === 0) v.emptyDir = {};
  if (v.hostPath) v.hostPath.type ??= "";
  if (v.secret) v.secret.defaultMode ??= 0o644;
  if (v.configMap) v.configMap.defaultMode ??= 0o644;
  if (v.iscsi) v.iscsi.iscsiInterface ||= "default";
  if (v.rbd) defaultRBD(v.rbd);
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= 0o644;
    for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) defaultFieldSelector(item.fieldRef);
  }
  if (v.projected) defaultProjected(v.projected);
  if (v.azureDisk) defaultAzureDisk(v.azureDisk);
  if (v.scaleIO) {
    v.scaleIO.storageMode ||= "ThinProvisioned";
    v.scaleIO.fsType ||= "xfs";
  }
  const claim = v.ephemeral?.volumeClaimTemplate?.spec;
  if (claim) {
    claim.volumeMode ??= "Filesystem";
    if (claim.resources?.limits) defaultResourceList(claim.resources.limits);
    if (claim.resources?.requests) defaultResourceList(claim.resources.requests);
  }
}

function defaultRBD(rbd: NonNullable<Volume["rbd"]>): void {
  rbd.pool ||= "rbd";
  rbd.user ||= "admin";
  rbd.keyring ||= "/etc/ceph/keyring";
}

function defaultProjected(p: NonNullable<Volume["projected"]>): void {
  p.defaultMode ??= 0o644;
  for (const s of p.sources ?? []) {
    for (const item of s.downwardAPI?.items ?? []) if (item.fieldRef) defaultFieldSelector(item.fieldRef);
    if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
  }
}

function defaultAzureDisk(d: NonNullable<Volume["azureDisk"]>): void {
  d.cachingMode ??= "ReadWrite";
  d.fsType ??= "ext4";
  d.readOnly ??= false;
  d.kind ??= "Shared";
}

/**
 * SetDefaults_ResourceList: every quantity rounded up to milli scale and written back in the
 * canonical form the API server returns ("0.5" → "500m", 1 → "1"). Unparsable values are left
 * for validation to report.
 */
export function defaultResourceList(list: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(list)) {
    const q = tryParseQuantity(v);
    if (q) list[k] = formatQuantity(roundUp(q, -3));
  }
}

/**
 * The first quantity in the spec's container resources that does not parse, as the decode error
 * upstream gives (a 400 "cannot be handled as a <Kind>: ..." before any validation runs).
 */
export function podSpecQuantityError(spec: PodSpec | undefined): string | undefined {
  const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  for (const c of containers) {
    for (const list of [c.resources?.limits, c.resources?.requests]) {
      for (const v of Object.values(list ?? {})) {
        const problem = quantityProblem(v);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

function quantityProblem(v: unknown): string | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  try {
    parseQuantity(v);
    return undefined;
  } catch (err) {
    if (err instanceof QuantityError) return err.message;
    throw err;
  }
}
