import { join } from "node:path";
import { RealClock } from "../../../util/clock.js";
import { runRuntimeConformance } from "../runtime-conformance.js";
import type { Fixture, RuntimeHarness } from "../runtime-conformance.js";
import { ProcessRuntime } from "./process-runtime.js";

const fixtures = join(import.meta.dirname, "..", "fixtures");

function harness(isolation: "auto" | "none", options: { helper?: "auto" | "never" } = {}): RuntimeHarness {
  return {
    open: () => {
      const clock = new RealClock();
      return { runtime: new ProcessRuntime({ clock, isolation, ...options }), clock };
    },
    program: (fixture: Fixture, args = []) => ["sh", join(fixtures, `${fixture}.sh`), ...args],
    startFailure: { argv: ["no-such-program-here"], message: /^failed to create task: .*exec: "no-such-program-here": executable file not found in \$PATH$/ },
  };
}

runRuntimeConformance("process", harness("auto"));
runRuntimeConformance("process without isolation", harness("none"));
// Where the native helper cannot be built: chains of util-linux programs spawned from Node.
runRuntimeConformance("process through util-linux programs", harness("auto", { helper: "never" }));
runRuntimeConformance("process through util-linux programs, without isolation", harness("none", { helper: "never" }));
