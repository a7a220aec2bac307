import { createHash } from "node:crypto";
import type { Container } from "kubernetes-types/core/v1.js";
import type { ContainerProbes } from "./container-probes.js";
import type { Container as RuntimeContainer } from "./runtime/runtime.js";
import type { ContainerInstance, WaitingReason } from "./status/pod-status-input.js";

/** One start of a container. */
export interface ContainerStart {
  readonly containerID: string;
  readonly attempt: number;
  readonly container: RuntimeContainer;
  /** The spec it was started from, to notice a changed definition. */
  readonly specHash: string;
  readonly logPath: string;
}

/** What the agent keeps about one container of a pod across its starts. */
export interface ContainerRecord {
  readonly starts: ContainerStart[];
  /** The kubelet's reason cache: why the last start attempt failed or is held back. */
  waiting?: WaitingReason;
  /** Probes of the latest start. */
  probes?: ContainerProbes;
  /** The latest start is being stopped (Killing already recorded). */
  stopping?: string;
  /** The exit a BackOff event was last recorded for, so one exit records it once. */
  backoffNoted?: string;
}

/** The API's containerID: the runtime's ID hashed to 64 hex digits, as container runtimes show theirs. */
export function apiContainerID(runtimeID: string): string {
  return `tinykube://${createHash("sha256").update(runtimeID).digest("hex")}`;
}

export function specHash(c: Container): string {
  return createHash("sha256").update(JSON.stringify(c)).digest("hex").slice(0, 16);
}

/** The starts as the status and the plan see them: snapshots of the runtime's state now. */
export function instancesOf(record: ContainerRecord | undefined): ContainerInstance[] {
  return (record?.starts ?? []).slice(-2).map((s) => ({ containerID: s.containerID, attempt: s.attempt, status: s.container.status() }));
}
