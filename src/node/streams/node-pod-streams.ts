import type { Readable } from "node:stream";
import type { ContainerStatus, Pod } from "kubernetes-types/core/v1.js";
import type { PodAttachOptions, PodExecOptions, PodLogOptions, PodStreams, ProcessSession } from "../../api/pod-streams.js";
import { apiErrors, StatusError } from "../../api/status.js";
import type { Clock } from "../../util/clock.js";
import type { ContainerStart } from "../container-record.js";
import type { PodWorker } from "../pod-worker.js";
import { RuntimeError } from "../runtime/runtime.js";
import { readContainerLog } from "./log-reader.js";

/** What the streams need of the agent: its pods' workers. */
export interface PodLookup {
  workerFor(namespace: string, name: string): PodWorker | undefined;
}

const podsResource = { group: "", resource: "pods" };

/**
 * The node agent's side of pods/log, pods/exec and pods/attach: the API server's checks
 * (container name) and the kubelet's (container state), worded as upstream words them.
 */
export class NodePodStreams implements PodStreams {
  constructor(
    private readonly pods: PodLookup,
    private readonly clock: Clock,
  ) {}

  async log(namespace: string, pod: string, options: PodLogOptions): Promise<Readable> {
    const worker = this.worker(namespace, pod);
    const name = containerName(worker.current, options.container);
    const status = worker.status();
    const start = logStart(worker, { pod, name, status: findStatus(status.containerStatuses, status.initContainerStatuses, name), previous: options.previous ?? false });
    let sinceTime = options.sinceTime ? Date.parse(options.sinceTime) : undefined;
    if (options.sinceSeconds !== undefined) sinceTime = this.clock.now() - options.sinceSeconds * 1000;
    const running = start.container.status().state === "running";
    return readContainerLog(start.logPath, {
      ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
      ...(sinceTime !== undefined ? { sinceTime } : {}),
      ...(options.limitBytes !== undefined ? { limitBytes: options.limitBytes } : {}),
      timestamps: options.timestamps ?? false,
      ...(options.follow && running && !options.previous ? { followUntil: start.container.exited } : {}),
    });
  }

  async exec(namespace: string, pod: string, options: PodExecOptions): Promise<ProcessSession> {
    const { start } = this.running(namespace, pod, options.container);
    try {
      return await start.container.exec({ command: options.command, stdin: options.stdin, stdout: options.stdout, stderr: options.stderr, tty: options.tty });
    } catch (err) {
      throw streamError(err, options.container ?? start.container.name);
    }
  }

  async attach(namespace: string, pod: string, options: PodAttachOptions): Promise<ProcessSession> {
    const { start, worker } = this.running(namespace, pod, options.container);
    const spec = [...(worker.current.spec?.containers ?? []), ...(worker.current.spec?.initContainers ?? [])].find((c) => c.name === start.container.name);
    try {
      // Whether attach runs a terminal is the container's, not the request's, as the kubelet decides.
      return await start.container.attach({ stdin: options.stdin, stdout: options.stdout, stderr: options.stderr, tty: spec?.tty ?? false });
    } catch (err) {
      throw streamError(err, start.container.name);
    }
  }

  private worker(namespace: string, pod: string): PodWorker {
    const worker = this.pods.workerFor(namespace, pod);
    if (!worker) throw apiErrors.notFound(podsResource, pod);
    return worker;
  }

  private running(namespace: string, pod: string, container: string | undefined): { worker: PodWorker; start: ContainerStart } {
    const worker = this.worker(namespace, pod);
    const name = containerName(worker.current, container);
    const start = worker.containerRecord(name)?.starts.at(-1);
    if (!start || start.container.status().state !== "running") {
      throw apiErrors.badRequest(`unable to upgrade connection: container not found (${JSON.stringify(name)})`);
    }
    return { worker, start };
  }
}

/** The API server's container defaulting: the only container, or an error listing the choices. */
function containerName(pod: Pod, requested: string | undefined): string {
  const name = pod.metadata?.name ?? "";
  const regular = (pod.spec?.containers ?? []).map((c) => c.name);
  const init = (pod.spec?.initContainers ?? []).map((c) => c.name);
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).map((c) => c.name);
  if (!requested) {
    if (regular.length === 1) return regular[0]!;
    let message = `a container name must be specified for pod ${name}, choose one of: [${regular.join(" ")}]`;
    if (init.length > 0) message += ` or one of the init containers: [${init.join(" ")}]`;
    if (ephemeral.length > 0) message += ` or one of the ephemeral containers: [${ephemeral.join(" ")}]`;
    throw apiErrors.badRequest(message);
  }
  if (![...regular, ...init, ...ephemeral].includes(requested)) throw apiErrors.badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

function findStatus(regular: ContainerStatus[] | undefined, init: ContainerStatus[] | undefined, name: string): ContainerStatus | undefined {
  return [...(regular ?? []), ...(init ?? [])].find((s) => s.name === name);
}

/** The kubelet's validateContainerLogStatus: which start's log to read, or why there is none. */
function logStart(worker: PodWorker, o: { pod: string; name: string; status: ContainerStatus | undefined; previous: boolean }): ContainerStart {
  const c = JSON.stringify(o.name);
  const p = JSON.stringify(o.pod);
  const s = o.status;
  if (!s) throw apiErrors.badRequest(`container ${c} in pod ${p} is not available`);
  const byID = (id: string | undefined): ContainerStart | undefined => worker.containerRecord(o.name)?.starts.find((x) => x.containerID === id);
  const last = s.lastState?.terminated;
  let id: string | undefined;
  if (o.previous) {
    if (!last?.containerID) throw apiErrors.badRequest(`previous terminated container ${c} in pod ${p} not found`);
    id = last.containerID;
  } else if (s.state?.running) {
    id = s.containerID;
  } else if (s.state?.terminated) {
    id = s.state.terminated.containerID || last?.containerID;
    if (!id) throw apiErrors.badRequest(`container ${c} in pod ${p} is terminated`);
  } else if (last) {
    id = last.containerID;
    if (!id) throw apiErrors.badRequest(`container ${c} in pod ${p} is terminated`);
  } else if (s.state?.waiting) {
    throw apiErrors.badRequest(`container ${c} in pod ${p} is waiting to start: ${s.state.waiting.reason ?? ""}`);
  } else {
    throw apiErrors.badRequest(`container ${c} in pod ${p} is waiting to start - no logs yet`);
  }
  const start = byID(id);
  if (!start) throw apiErrors.badRequest(`container ${c} in pod ${p} is not available`);
  return start;
}

/** Runtime refusals as the kubelet's stream errors. */
function streamError(err: unknown, name: string): unknown {
  if (err instanceof StatusError || !(err instanceof RuntimeError)) return err;
  switch (err.code) {
    case "ContainerNotRunning":
      return apiErrors.badRequest(`unable to upgrade connection: container not found (${JSON.stringify(name)})`);
    case "ExecStartError":
      return apiErrors.internal(new Error(`error executing command in container: failed to exec in container: ${err.message}`));
    case "AttachStdinError":
      return apiErrors.badRequest(err.message);
    default:
      return err;
  }
}
