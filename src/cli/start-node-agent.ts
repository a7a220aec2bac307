import { join } from "node:path";
import { startNodeAgent } from "../node/node-agent.js";
import { openRuntime } from "../node/open-runtime.js";
import type { Component, ComponentContext } from "./components.js";

/** The node agent of this machine, on the runtime `--runtime` chose; it serves pods' log/exec/attach. */
export async function startLocalNodeAgent(c: ComponentContext): Promise<Component> {
  const dataDir = join(c.dataDir, "node");
  const runtime = await openRuntime(c.runtime, { clock: c.clock, dataDir });
  const agent = await startNodeAgent({ client: c.client, clock: c.clock, runtime, dataDir, onError: (err) => c.onError("node-agent", err) });
  c.setPodStreams(agent.podStreams);
  return {
    stop: async () => {
      c.setPodStreams(undefined);
      await agent.stop();
    },
  };
}
