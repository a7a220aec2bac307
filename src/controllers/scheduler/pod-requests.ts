import type { Container, Pod } from "kubernetes-types/core/v1.js";
import { milliValue, quantityValue, tryParseQuantity } from "../../util/quantity.js";

/**
 * Resource amounts as the scheduler counts them (upstream's framework.Resource): cpu in
 * millicores, memory and ephemeral storage in bytes, scalar resources (extended resources,
 * hugepages) in their integral value.
 */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  scalar: Record<string, number>;
}

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: {} };
}

/** What a container without a cpu or memory request counts as when scoring (schedutil defaults). */
export const defaultMilliCPURequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

type ResourceList = Readonly<Record<string, unknown>> | undefined;

/**
 * upstream's IsScalarResourceName: extended resources (a qualified name outside the
 * kubernetes.io/ namespace), hugepages and attachable volume limits. Other names (storage,
 * pods…) are not counted in a pod's requests.
 */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) return true;
  if (!name.includes("/") || name.includes("kubernetes.io/") || name.startsWith("requests.")) return false;
  return /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}

/** Adds a ResourceList (quantities as the API writes them) into totals. */
export function addResourceList(totals: Resources, list: ResourceList): void {
  for (const [name, raw] of Object.entries(list ?? {})) {
    const q = tryParseQuantity(raw);
    if (!q) continue;
    if (name === "cpu") totals.milliCPU += Number(milliValue(q));
    else if (name === "memory") totals.memory += quantityValue(q);
    else if (name === "ephemeral-storage") totals.ephemeralStorage += quantityValue(q);
    else if (isScalarResourceName(name)) totals.scalar[name] = (totals.scalar[name] ?? 0) + quantityValue(q);
  }
}

function maxInto(target: Resources, other: Resources): void {
  target.milliCPU = Math.max(target.milliCPU, other.milliCPU);
  target.memory = Math.max(target.memory, other.memory);
  target.ephemeralStorage = Math.max(target.ephemeralStorage, other.ephemeralStorage);
  for (const [name, v] of Object.entries(other.scalar)) target.scalar[name] = Math.max(target.scalar[name] ?? 0, v);
}

function addInto(target: Resources, other: Resources): void {
  target.milliCPU += other.milliCPU;
  target.memory += other.memory;
  target.ephemeralStorage += other.ephemeralStorage;
  for (const [name, v] of Object.entries(other.scalar)) target.scalar[name] = (target.scalar[name] ?? 0) + v;
}

type RequestsOf = (c: Container) => Resources;

function declaredRequests(c: Container): Resources {
  const r = emptyResources();
  addResourceList(r, c.resources?.requests);
  return r;
}

/** A container's requests with cpu and memory defaulted where it names none (applyNonMissing). */
function nonZeroRequests(c: Container): Resources {
  const r = declaredRequests(c);
  const requests = c.resources?.requests ?? {};
  if (!("cpu" in requests)) r.milliCPU = defaultMilliCPURequest;
  if (!("memory" in requests)) r.memory = defaultMemoryRequest;
  return r;
}

/**
 * upstream's resource.PodRequests: the containers' sum, at least what each init container needs
 * while it runs beside the sidecars (restartPolicy Always init containers) started before it,
 * plus the pod overhead.
 */
function aggregate(pod: Pod, requestsOf: RequestsOf): Resources {
  const total = emptyResources();
  for (const c of pod.spec?.containers ?? []) addInto(total, requestsOf(c));
  const sidecars = emptyResources();
  const initPeak = emptyResources();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = requestsOf(c);
    if (c.restartPolicy === "Always") {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initPeak, sidecars);
    } else {
      addInto(own, sidecars);
      maxInto(initPeak, own);
    }
  }
  maxInto(total, initPeak);
  addResourceList(total, pod.spec?.overhead);
  return total;
}

/** The pod's requests as NodeResourcesFit filters with them. */
export function podRequests(pod: Pod): Resources {
  return aggregate(pod, declaredRequests);
}

/** The pod's requests with upstream's non-zero defaults, as scoring counts them. */
export function podNonZeroRequests(pod: Pod): Resources {
  return aggregate(pod, nonZeroRequests);
}

export function isZero(r: Resources): boolean {
  return r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && Object.keys(r.scalar).length === 0;
}

/** upstream's framework.Resource from node.status.allocatable, with the pod count beside it. */
export interface Allocatable extends Resources {
  allowedPodNumber: number;
}

export function allocatableOf(list: ResourceList): Allocatable {
  const r = emptyResources();
  addResourceList(r, list);
  const pods = tryParseQuantity(list?.["pods"]);
  return { ...r, allowedPodNumber: pods ? quantityValue(pods) : 0 };
}

export function addResources(a: Resources, b: Resources): Resources {
  const out: Resources = { ...a, scalar: { ...a.scalar } };
  addInto(out, b);
  return out;
}

export function subtractResources(a: Resources, b: Resources): Resources {
  const scalar: Record<string, number> = { ...a.scalar };
  for (const [name, v] of Object.entries(b.scalar)) {
    const left = (scalar[name] ?? 0) - v;
    if (left === 0) delete scalar[name];
    else scalar[name] = left;
  }
  return { milliCPU: a.milliCPU - b.milliCPU, memory: a.memory - b.memory, ephemeralStorage: a.ephemeralStorage - b.ephemeralStorage, scalar };
}
