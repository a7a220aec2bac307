import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Container, Pod, PodStatus } from "kubernetes-types/core/v1.js";
import { refs } from "../api/refs.js";
import { isConflict, isNotFound } from "../api/status.js";
import type { AgentContext } from "./agent-context.js";
import { killContainer } from "./container-killer.js";
import { type ContainerRecord, instancesOf, specHash } from "./container-record.js";
import { backoffKey, startContainer } from "./container-starter.js";
import type { HoldableEvents } from "./kubelet-events.js";
import { goDuration, formatPod } from "./kubelet-format.js";
import { jsonEqual, mergePatchDiff } from "./merge-patch-diff.js";
import { type PlanContainer, planPodActions, type PodAction } from "./pod-actions.js";
import type { Sandbox } from "./runtime/runtime.js";
import { generatePodStatus } from "./status/pod-status.js";
import type { ContainerView } from "./status/pod-status-input.js";
import { setUpVolumes, VolumeNotReadyError, VolumeSetupError } from "./volumes/pod-volumes.js";

const terminalPhase = (phase: string | undefined): boolean => phase === "Succeeded" || phase === "Failed";

/** Retries of a volume that is not ready: 1 s doubling to 30 s. */
const mountRetry = { initialMs: 1000, maxMs: 30_000 } as const;
/** A container whose configuration failed is tried again after this long (the pod worker's back-off period). */
const configRetryMs = 10_000;
/** The kubelet's PLEG relist period: how late it sees a container stop. */
const relistMs = 1000;
/** The longest a sync holds its events back. */
const eventHoldMs = 100;

/**
 * One pod on this node, from the moment it is bound here until it is gone: volumes, sandbox,
 * containers per computePodActions, termination, the status, and the final delete. sync() is
 * called by the agent's queue, never twice at once for one pod, whenever something changed.
 */
export class PodWorker {
  private pod: Pod;
  private removed = false;
  private sandbox: Sandbox | undefined;
  private volumeDirs: Map<string, string> | undefined;
  private mountDelayMs = 0;
  private lastMountError: string | undefined;
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly startTime: number;
  private evicted: { reason: string; message: string } | undefined;
  private terminating = false;
  private terminated = false;
  /** The API already showed a terminal pod this agent never ran: its status is left as it is. */
  private readonly adopted: boolean;
  private isolationNoted = false;
  /** When containers were first stopped because the pod is being deleted. */
  private killedForDeletionAt: number | undefined;
  /** The agent may forget this worker. */
  done = false;

  private readonly ctx: AgentContext;
  private readonly events: HoldableEvents;

  constructor(ctx: AgentContext, pod: Pod) {
    this.events = ctx.events.holdable();
    this.ctx = { ...ctx, events: this.events.events };
    this.pod = pod;
    this.startTime = ctx.clock.now();
    this.adopted = terminalPhase(pod.status?.phase);
  }

  get uid(): string {
    return this.pod.metadata?.uid ?? "";
  }

  get current(): Pod {
    return this.pod;
  }

  /** A newer view of the pod (from the watch or a write's answer); older ones are ignored. */
  update(pod: Pod): void {
    if (Number(pod.metadata?.resourceVersion ?? 0) >= Number(this.pod.metadata?.resourceVersion ?? 0)) this.pod = pod;
  }

  /** The pod object is gone from the API: stop everything, write nothing. */
  remove(): void {
    this.removed = true;
  }

  /** The containers' runtime records, for logs, exec and attach. */
  containerRecord(name: string): ContainerRecord | undefined {
    return this.containers.get(name);
  }

  get logDir(): string {
    const m = this.pod.metadata;
    return join(this.ctx.dataDir, "logs", `${m?.namespace}_${m?.name}_${m?.uid}`);
  }

  private get podDir(): string {
    return join(this.ctx.dataDir, "pods", this.uid);
  }

  async sync(): Promise<void> {
    if (this.done) return;
    // The sync's events go out after its status write, or once it has taken a while (a postStart hook).
    this.events.hold();
    const release = this.ctx.clock.setTimeout(() => this.events.release(), eventHoldMs);
    try {
      await this.syncHeld();
    } finally {
      release.cancel();
      this.events.release();
    }
  }

  private async syncHeld(): Promise<void> {
    this.checkDeadline();
    if (!this.terminating && this.shouldTerminate()) this.terminating = true;
    // Computed once where nothing changes before the write.
    let status: PodStatus | undefined;
    if (!this.terminating) {
      await this.syncRunning();
      status = this.status();
      if (terminalPhase(status.phase)) [this.terminating, status] = [true, undefined];
    }
    if (this.terminating) await this.syncTerminating();
    if (this.removed) {
      if (this.terminated) this.forget();
      return;
    }
    await this.writeStatus(status);
    if (this.terminated && this.pod.metadata?.deletionTimestamp && this.deletionDue()) await this.deletePod();
  }

  /**
   * Whether the pod object may go now. The kubelet sees a container stop at its next relist (PLEG,
   * every second) and removes the pod after its housekeeping, so a pod whose containers stop at
   * once on SIGTERM still goes about a second after the delete request, never milliseconds.
   * kubectl 1.32's `delete` relies on that: after its GET it lists the pod by name and waits
   * forever if, in between, the pod went and its StatefulSet made a new one of the same name
   * (kubernetes/kubectl#1803). A pod that had nothing running when deleted goes at once.
   */
  private deletionDue(): boolean {
    if (this.killedForDeletionAt === undefined) return true;
    const left = this.killedForDeletionAt + relistMs - this.ctx.clock.now();
    if (left <= 0) return true;
    this.ctx.enqueue(this.uid, left);
    return false;
  }

  private shouldTerminate(): boolean {
    return this.removed || this.adopted || !!this.pod.metadata?.deletionTimestamp || !!this.evicted || terminalPhase(this.pod.status?.phase);
  }

  /** activeDeadlineSeconds, counted from status.startTime as the kubelet's activeDeadlineHandler does. */
  private checkDeadline(): void {
    const seconds = this.pod.spec?.activeDeadlineSeconds;
    if (seconds === undefined || this.evicted || this.terminating) return;
    const started = this.pod.status?.startTime ? Date.parse(this.pod.status.startTime) : this.startTime;
    const left = started + seconds * 1000 - this.ctx.clock.now();
    if (left > 0) {
      // Asked again at every sync: the queue keeps only the earliest wake-up of a pod.
      this.ctx.enqueue(this.uid, left);
      return;
    }
    const message = "Pod was active on the node longer than the specified deadline";
    this.evicted = { reason: "DeadlineExceeded", message };
    this.ctx.events.pod(this.pod, "Warning", { reason: "DeadlineExceeded", message });
  }

  private async syncRunning(): Promise<void> {
    if (!(await this.mountVolumes())) return;
    if (!this.sandbox) await this.createSandbox();
    for (const action of planPodActions({ pod: this.pod, containers: this.planView(), heldUntil: (name, exitedAt) => this.heldUntil(name, exitedAt) })) {
      await this.carryOut(action);
    }
  }

  private async mountVolumes(): Promise<boolean> {
    if (this.volumeDirs) return true;
    try {
      this.volumeDirs = await setUpVolumes(this.pod, { objects: this.ctx.objects, podDir: this.podDir, hostIP: this.ctx.hostIP, podIP: this.ctx.hostIP, allocatable: this.ctx.allocatable });
      return true;
    } catch (err) {
      if (!(err instanceof VolumeSetupError || err instanceof VolumeNotReadyError)) throw err;
      if (err.message !== this.lastMountError) this.ctx.events.pod(this.pod, "Warning", { reason: "FailedMount", message: err.message });
      this.lastMountError = err.message;
      this.mountDelayMs = Math.min(mountRetry.maxMs, this.mountDelayMs ? this.mountDelayMs * 2 : mountRetry.initialMs);
      this.ctx.enqueue(this.uid, this.mountDelayMs);
      return false;
    }
  }

  private async createSandbox(): Promise<void> {
    const m = this.pod.metadata!;
    const hostname = (this.pod.spec?.hostname ?? m.name ?? "").slice(0, 63);
    this.sandbox = await this.ctx.runtime.createSandbox({ uid: this.uid, namespace: m.namespace ?? "", name: m.name ?? "", hostname, annotations: m.annotations ?? {} });
    const caps = this.ctx.runtime.capabilities();
    if (caps.isolation === "none" && !this.isolationNoted) {
      this.isolationNoted = true;
      const message = `Containers run as plain host processes, sharing the host's hostname, mounts and process table: ${caps.isolationMessage ?? "no namespaces on this host"}`;
      this.ctx.events.pod(this.pod, "Warning", { reason: "IsolationUnavailable", message });
    }
  }

  private specOf(name: string): Container | undefined {
    return [...(this.pod.spec?.initContainers ?? []), ...(this.pod.spec?.containers ?? [])].find((c) => c.name === name);
  }

  private record(name: string): ContainerRecord {
    let r = this.containers.get(name);
    if (!r) this.containers.set(name, (r = { starts: [] }));
    return r;
  }

  private planView(): Map<string, PlanContainer> {
    const view = new Map<string, PlanContainer>();
    for (const [name, r] of this.containers) {
      const spec = this.specOf(name);
      const latest = r.starts.at(-1);
      const changed = spec && latest && latest.specHash !== specHash(spec) && !this.pod.spec?.initContainers?.some((c) => c.name === name);
      const kill = r.probes?.killFor() ?? (changed ? "changed" : undefined);
      view.set(name, { instances: instancesOf(r), started: r.probes?.started() ?? true, ...(kill ? { kill } : {}) });
    }
    return view;
  }

  private heldUntil(name: string, exitedAt: number): number | undefined {
    return this.ctx.backoff.heldUntil(backoffKey(this.pod, name), exitedAt, this.ctx.clock.now());
  }

  private async carryOut(action: PodAction): Promise<void> {
    const spec = this.specOf(action.container);
    const record = this.record(action.container);
    if (action.kind === "start" && spec) {
      await startContainer(this.ctx, { pod: this.pod, spec, record, sandbox: this.sandbox!, volumeDirs: this.volumeDirs!, logDir: this.logDir, onChange: () => this.ctx.enqueue(this.uid) });
      if (record.waiting?.reason === "CreateContainerConfigError") this.ctx.enqueue(this.uid, configRetryMs);
    } else if (action.kind === "kill") {
      const graceSeconds = this.probeGrace(spec) ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
      void killContainer(this.ctx, { pod: this.pod, spec, name: action.container, record, graceSeconds, message: action.message });
    } else if (action.kind === "backoff") {
      this.noteBackoff(action.container, record, action.until);
    }
  }

  /** A liveness or startup probe may carry its own terminationGracePeriodSeconds. */
  private probeGrace(spec: Container | undefined): number | undefined {
    return spec?.livenessProbe?.terminationGracePeriodSeconds ?? spec?.startupProbe?.terminationGracePeriodSeconds;
  }

  private noteBackoff(name: string, record: ContainerRecord, until: number): void {
    const delay = goDuration(this.ctx.backoff.current(backoffKey(this.pod, name)));
    record.waiting = { reason: "CrashLoopBackOff", message: `back-off ${delay} restarting failed container=${name} pod=${formatPod(this.pod)}` };
    const exit = record.starts.at(-1)?.containerID;
    if (record.backoffNoted !== exit) {
      record.backoffNoted = exit;
      this.ctx.events.container(this.pod, name, { type: "Warning", reason: "BackOff", message: `Back-off restarting failed container ${name} in pod ${formatPod(this.pod)}` });
    }
    this.ctx.enqueue(this.uid, until - this.ctx.clock.now());
  }

  /** Stops every running container (preStop, SIGTERM, grace, SIGKILL); once all have exited, removes the sandbox and volumes. */
  private async syncTerminating(): Promise<void> {
    if (this.terminated) return;
    const grace = this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    let running = 0;
    for (const [name, record] of this.containers) {
      record.probes?.stop();
      const latest = record.starts.at(-1);
      if (latest?.container.status().state !== "running") continue;
      running++;
      if (!record.stopping) void killContainer(this.ctx, { pod: this.pod, spec: this.specOf(name), name, record, graceSeconds: grace });
    }
    if (running > 0) {
      if (this.pod.metadata?.deletionTimestamp) this.killedForDeletionAt ??= this.ctx.clock.now();
      return;
    }
    await this.sandbox?.remove();
    // The pod's directory holds its emptyDirs and projected volumes (claims and host paths live elsewhere).
    if (this.pod.spec?.volumes?.some((v) => !v.persistentVolumeClaim && !v.hostPath)) await rm(this.podDir, { recursive: true, force: true });
    this.ctx.backoff.forget(`${this.uid}/`);
    this.terminated = true;
  }

  /** The status as the kubelet would report it now. */
  status(): PodStatus {
    const views = new Map<string, ContainerView>();
    for (const [name, r] of this.containers) {
      const view: { -readonly [K in keyof ContainerView]: ContainerView[K] } = { instances: instancesOf(r) };
      if (r.waiting) view.waiting = r.waiting;
      const startup = r.probes?.startupSucceeded();
      const readiness = r.probes?.readinessSucceeded();
      if (startup !== undefined) view.startupSucceeded = startup;
      if (readiness !== undefined) view.readinessSucceeded = readiness;
      views.set(name, view);
    }
    return generatePodStatus({
      pod: this.pod,
      containers: views,
      sandboxReady: this.sandbox !== undefined && !this.terminated,
      podIsTerminal: this.terminating,
      now: this.ctx.clock.now(),
      hostIP: this.ctx.hostIP,
      ...(this.sandbox ? { podIP: this.ctx.hostIP } : {}),
      startTime: this.startTime,
      ...(this.evicted ? { evicted: this.evicted } : {}),
    });
  }

  /** Patches the status subresource when the computed status differs from the API's. */
  private async writeStatus(status: PodStatus = this.status()): Promise<void> {
    if (this.adopted) return;
    const patch = mergePatchDiff(this.pod.status ?? {}, status);
    if (patch === undefined || jsonEqual(this.pod.status, status)) return;
    const m = this.pod.metadata!;
    try {
      const written = await this.ctx.client.patch<Pod>(refs.pods, m.namespace, m.name ?? "", "merge", { status: patch }, { subresource: "status" });
      if (written.metadata.uid === this.uid) this.update(written);
    } catch (err) {
      if (isNotFound(err)) return;
      this.ctx.onError(err);
      this.ctx.enqueue(this.uid, 1000);
    }
  }

  /** The pod has terminated and is being deleted: the kubelet's final delete, grace 0 with a UID precondition. */
  private async deletePod(): Promise<void> {
    const m = this.pod.metadata!;
    try {
      await this.ctx.client.delete(refs.pods, m.namespace, m.name ?? "", { gracePeriodSeconds: 0, preconditions: { uid: this.uid } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) {
        this.ctx.onError(err);
        this.ctx.enqueue(this.uid, 1000);
        return;
      }
    }
    this.forget();
  }

  private forget(): void {
    this.done = true;
    // Nothing reads or writes them any more (the uid is in the path): removed in the background.
    void rm(this.logDir, { recursive: true, force: true }).catch((err: unknown) => this.ctx.onError(err));
  }
}
