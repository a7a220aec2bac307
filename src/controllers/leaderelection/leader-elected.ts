import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Client } from "../../client/client.js";
import { ClientEventRecorder } from "../../client/events/event-recorder.js";
import { LeaderElector } from "../../client/leader-election.js";
import type { Clock } from "../../util/clock.js";

/** Something started while leading and stopped when leadership ends. */
export interface Stoppable {
  stop(): Promise<void>;
}

export interface LeaderElectedOptions {
  readonly client: Client;
  readonly clock: Clock;
  /** The Lease in kube-system: "kube-controller-manager", "kube-scheduler". */
  readonly lease: string;
  /** Unique among the servers: hostname + "_" + a UUID by default, as upstream's components. */
  readonly identity?: string;
  /** Starts the work; called at each new term of leadership. */
  readonly start: () => Promise<Stoppable>;
  /** Told when this server starts or stops leading, and who leads. */
  readonly log?: (line: string) => void;
  readonly onError?: (err: unknown) => void;
}

/** A candidate for one Lease, running its work only while it leads. */
export interface LeaderElected extends Stoppable {
  readonly identity: string;
  readonly isLeading: boolean;
}

/**
 * Runs start() each time this server becomes the Lease's holder and stops what it started when
 * the lease is lost (upstream's components exit instead; here the server stays up, serves the
 * API and campaigns again). The work is fully stopped before the lease can pass to another
 * server: leadership ends at the renew deadline, before the lease expires for the others.
 */
export function runLeaderElected(o: LeaderElectedOptions): LeaderElected {
  const identity = o.identity ?? `${hostname()}_${randomUUID()}`;
  const log = o.log ?? (() => {});
  let running: Promise<Stoppable | undefined> = Promise.resolve(undefined);
  const recorder = new ClientEventRecorder(o.client, { clock: o.clock, component: o.lease, ...(o.onError ? { onError: o.onError } : {}) });
  const elector = new LeaderElector({
    client: o.client,
    clock: o.clock,
    namespace: "kube-system",
    name: o.lease,
    identity,
    recorder,
    ...(o.onError ? { onError: o.onError } : {}),
    callbacks: {
      onStartedLeading: () => {
        log(`${o.lease}: ${identity} became leader`);
        running = o.start().catch((err: unknown) => {
          o.onError?.(err);
          return undefined;
        });
      },
      onStoppedLeading: async () => {
        log(`${o.lease}: ${identity} stopped leading`);
        await (await running)?.stop();
        running = Promise.resolve(undefined);
      },
      onNewLeader: (holder) => {
        if (holder !== identity) log(`${o.lease}: ${holder} is the leader`);
      },
    },
  });
  elector.start();
  return {
    identity,
    get isLeading() {
      return elector.isLeading;
    },
    // Events still being written are not waited for: with the API gone that could take minutes.
    stop: () => elector.stop(),
  };
}
