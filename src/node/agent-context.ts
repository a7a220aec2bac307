import type { Client } from "../client/client.js";
import type { Clock } from "../util/clock.js";
import type { ConfigObjects } from "./config-objects.js";
import type { CrashLoopBackoff } from "./crash-loop-backoff.js";
import type { KubeletEvents } from "./kubelet-events.js";
import type { Runtime } from "./runtime/runtime.js";

/** What every pod worker shares: the agent's seams and settings. */
export interface AgentContext {
  readonly client: Client;
  readonly clock: Clock;
  readonly runtime: Runtime;
  readonly nodeName: string;
  /** The node's address, which is also every pod's (pods share the host's network; see README). */
  readonly hostIP: string;
  /** Pods' directories (`<dataDir>/pods/<uid>`) and container logs (`<dataDir>/logs`). */
  readonly dataDir: string;
  readonly events: KubeletEvents;
  readonly objects: ConfigObjects;
  readonly backoff: CrashLoopBackoff;
  /** The node's allocatable resources (a container limit left unset reads as these). */
  readonly allocatable: Readonly<Record<string, string>>;
  /** Asks for the pod to be synced again, now or after ms. */
  readonly enqueue: (uid: string, afterMs?: number) => void;
  readonly onError: (err: unknown) => void;
}
