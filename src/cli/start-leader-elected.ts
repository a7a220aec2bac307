import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Client } from "../client/client.js";
import { runLeaderElected } from "../controllers/leaderelection/leader-elected.js";
import type { Clock } from "../util/clock.js";
import { type Component, type ComponentSpec, leaseOf, type Program } from "./components.js";

export interface LeaderElectedDeps {
  /** The client a Lease is held through: its program's, so the Lease's managedFields name it. */
  readonly clientFor: (program: Program) => Client;
  readonly clock: Clock;
  /** Starts specs with their own shared informers; stopping it stops them and the informers. */
  readonly start: (specs: readonly ComponentSpec[]) => Promise<Component>;
  readonly log: (line: string) => void;
}

/**
 * With several servers on one store: the components of each Lease run only in the server that
 * holds it (every server campaigns); components without a Lease run everywhere.
 */
export async function startLeaderElected(specs: readonly ComponentSpec[], d: LeaderElectedDeps): Promise<Component> {
  const running: Component[] = [await d.start(specs.filter((s) => leaseOf(s) === undefined))];
  const leases = [...new Set(specs.flatMap((s) => leaseOf(s) ?? []))];
  // One identity per server, as upstream's hostname_UUID, so its Leases name it alike.
  const identity = `${hostname()}_${randomUUID()}`;
  for (const lease of leases) {
    running.push(
      runLeaderElected({
        client: d.clientFor(lease),
        clock: d.clock,
        lease,
        identity,
        start: () => d.start(specs.filter((s) => leaseOf(s) === lease)),
        log: d.log,
        onError: (err) => d.log(`${lease} leader election: ${err instanceof Error ? err.message : String(err)}`),
      }),
    );
  }
  return { stop: async () => void (await Promise.all(running.map((r) => r.stop()))) };
}
