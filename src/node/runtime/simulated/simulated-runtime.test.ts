import { VirtualClock } from "../../../util/virtual-clock.js";
import { shellCommandLine, shellQuote } from "../process/shell-quote.js";
import { runRuntimeConformance } from "../runtime-conformance.js";
import type { Fixture } from "../runtime-conformance.js";
import { SIMULATE_START_ERROR } from "./annotations.js";
import { SimulatedRuntime } from "./simulated-runtime.js";

/** The fixtures as the simulated runtime's shell can play them. */
function program(fixture: Fixture, args: readonly string[] = []): string[] {
  const sh = (script: string) => ["sh", "-c", script];
  switch (fixture) {
    case "run-forever":
      return sh("trap 'echo stopping; exit 143' TERM; echo started; sleep infinity & wait");
    case "exit-with":
      return sh(`exit ${args[0]}`);
    case "ignore-sigterm":
      return sh("trap 'echo ignoring TERM' TERM; echo ready; sleep infinity & wait; wait");
    case "print-env":
      return sh(args.map((name) => `echo "${name}=$${name}"`).join("; "));
    case "print-hostname":
      return ["hostname"];
    case "print-cwd":
      return ["pwd"];
    case "write-file":
      return sh(`echo -n ${shellQuote(args[1] ?? "")} > ${shellQuote(args[0] ?? "")} && echo wrote && exit 0; echo refused; exit 1`);
    case "print-file":
      return ["cat", ...args];
    case "print-streams":
      return sh(`echo ${shellCommandLine([args[0] ?? ""])}; echo ${shellCommandLine([args[1] ?? ""])} >&2`);
    case "echo-stdin":
      return ["cat"];
  }
}

runRuntimeConformance("simulated", {
  open: () => {
    const clock = new VirtualClock(Date.parse("2024-06-01T12:00:00Z"));
    return { runtime: new SimulatedRuntime({ clock }), clock };
  },
  program,
  startFailure: {
    argv: ["sleep", "10"],
    annotations: { [SIMULATE_START_ERROR]: "failed to create task: simulated start failure" },
    message: /^failed to create task: simulated start failure$/,
  },
});
