import type { Client } from "../../client/client.js";
import { InformerFactory } from "../../client/informer-factory.js";
import type { Clock } from "../../util/clock.js";

/** A running controller. */
export interface RunningController {
  stop(): Promise<void>;
}

/**
 * Starts a controller on shared informers, which it only registers with (their owner starts
 * and stops them), or, given none, on informers of its own that it starts and later stops.
 */
export function startOnInformers(
  options: { client: Client; clock: Clock; informers: InformerFactory | undefined },
  create: (informers: InformerFactory) => { start(): Promise<unknown>; stop(): Promise<void> },
): RunningController {
  const own = options.informers === undefined;
  const informers = options.informers ?? new InformerFactory(options.client, { clock: options.clock });
  const controller = create(informers);
  if (own) informers.start();
  void controller.start();
  return {
    stop: async () => {
      await controller.stop();
      if (own) informers.stop();
    },
  };
}
