import type { Pod } from "kubernetes-types/core/v1.js";
import type { ContainerStatus as RuntimeContainerStatus } from "../runtime/runtime.js";

/** One start of a container, as the agent recorded it and the runtime reports it now. */
export interface ContainerInstance {
  /** The ID shown in the API: "tinykube://<64 hex digits>". */
  readonly containerID: string;
  /** The restart count this start carried (0 for the first start). */
  readonly attempt: number;
  readonly status: RuntimeContainerStatus;
}

/** Why a container is waiting, as the kubelet's reason cache remembers the last failed start. */
export interface WaitingReason {
  readonly reason: string;
  readonly message?: string;
}

/** What the agent knows of one container of the pod spec. */
export interface ContainerView {
  /** Its starts, oldest first. */
  readonly instances: readonly ContainerInstance[];
  /** The cached reason of its last failed start (CrashLoopBackOff, CreateContainerConfigError…). */
  readonly waiting?: WaitingReason;
  /** The startup probe's verdict on the current start: absent without a startup probe. */
  readonly startupSucceeded?: boolean;
  /** The readiness probe's verdict on the current start: absent without a readiness probe. */
  readonly readinessSucceeded?: boolean;
}

/** Everything the pod status is computed from: pure data, no clock reads. */
export interface PodStatusInput {
  /** The pod as last seen (spec, metadata and the status the API server has). */
  readonly pod: Pod;
  /** By container name (init and regular); a name without a view has never been started. */
  readonly containers: ReadonlyMap<string, ContainerView>;
  /** The sandbox exists (namespaces and "network" are set up). */
  readonly sandboxReady: boolean;
  /** The pod is terminal or being terminated: its containers will not be restarted. */
  readonly podIsTerminal: boolean;
  readonly now: number;
  readonly hostIP: string;
  /** Absent until the sandbox first had an address. */
  readonly podIP?: string;
  /** When the agent first took the pod (status.startTime when the API has none yet). */
  readonly startTime: number;
  /** A verdict that overrides the phase, as an eviction (e.g. activeDeadlineSeconds) does. */
  readonly evicted?: { readonly reason: string; readonly message: string };
}
