import type { Container, Pod } from "kubernetes-types/core/v1.js";
import type { Clock } from "../util/clock.js";
import type { KubeletEvents } from "./kubelet-events.js";
import { runProbe } from "./probes/probe-runner.js";
import { ProbeWorker, type ProbeType, probeTypeName } from "./probes/probe-worker.js";
import type { Container as RuntimeContainer } from "./runtime/runtime.js";

export interface ContainerProbesOptions {
  readonly pod: Pod;
  readonly spec: Container;
  readonly container: RuntimeContainer;
  readonly startedAt: number;
  readonly clock: Clock;
  readonly events: KubeletEvents;
  readonly podIP: string;
  readonly network: boolean;
  /** A verdict changed: the pod's status (and maybe its actions) must be recomputed. */
  readonly onChange: () => void;
}

/** The probes of one container start: startup first, then liveness and readiness. */
export class ContainerProbes {
  private readonly workers = new Map<ProbeType, ProbeWorker>();

  constructor(o: ContainerProbesOptions) {
    const namedPorts = new Map((o.spec.ports ?? []).filter((p) => p.name).map((p) => [p.name!, p.containerPort]));
    const target = { container: o.container, podIP: o.podIP, namedPorts, clock: o.clock, network: o.network };
    const probes: Array<[ProbeType, Container["startupProbe"]]> = [
      ["startup", o.spec.startupProbe],
      ["liveness", o.spec.livenessProbe],
      ["readiness", o.spec.readinessProbe],
    ];
    for (const [type, probe] of probes) {
      if (!probe) continue;
      this.workers.set(
        type,
        new ProbeWorker({
          type,
          probe,
          clock: o.clock,
          startedAt: o.startedAt,
          run: () => runProbe(probe, target),
          mayRun: () => type === "startup" || this.started(),
          onFailure: (output) =>
            o.events.container(o.pod, o.spec.name, { type: "Warning", reason: "Unhealthy", message: `${probeTypeName[type]} probe failed: ${output}` }),
          onResult: () => o.onChange(),
        }),
      );
    }
  }

  /** The startup probe passed, or there is none. */
  started(): boolean {
    const startup = this.workers.get("startup");
    return !startup || startup.verdict() === "success";
  }

  /** The startup verdict as the status takes it: absent without a startup probe. */
  startupSucceeded(): boolean | undefined {
    return this.workers.has("startup") ? this.started() : undefined;
  }

  /** The readiness verdict: absent without a readiness probe. */
  readinessSucceeded(): boolean | undefined {
    const w = this.workers.get("readiness");
    return w ? w.verdict() === "success" : undefined;
  }

  /** Which failed verdict asks for the container to be killed, if any. */
  killFor(): "liveness" | "startup" | undefined {
    if (this.workers.get("startup")?.verdict() === "failure") return "startup";
    if (this.workers.get("liveness")?.verdict() === "failure") return "liveness";
    return undefined;
  }

  stop(): void {
    for (const w of this.workers.values()) w.stop();
  }
}
