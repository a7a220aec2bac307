import type { PodAttachOptions, PodExecOptions, PodLogOptions, PodStreams, ProcessSession } from "../api/pod-streams.js";
import { apiErrors } from "../api/status.js";
import type { Readable } from "node:stream";

/**
 * The server is built before any node agent starts: it is given this slot, which a node
 * agent component fills once it runs. Until then every stream is a 503, as with no agent.
 */
export class PodStreamsSlot implements PodStreams {
  private target: PodStreams | undefined;

  /** Routes every later request to streams (undefined empties the slot again). */
  set(streams: PodStreams | undefined): void {
    this.target = streams;
  }

  log(namespace: string, pod: string, options: PodLogOptions): Promise<Readable> {
    return this.current().log(namespace, pod, options);
  }

  exec(namespace: string, pod: string, options: PodExecOptions): Promise<ProcessSession> {
    return this.current().exec(namespace, pod, options);
  }

  attach(namespace: string, pod: string, options: PodAttachOptions): Promise<ProcessSession> {
    return this.current().attach(namespace, pod, options);
  }

  private current(): PodStreams {
    if (!this.target) throw apiErrors.serviceUnavailable("no node agent is connected to serve pod logs, exec, attach or port-forward");
    return this.target;
  }
}
