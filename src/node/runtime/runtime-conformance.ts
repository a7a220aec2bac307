import { describe } from "node:test";
import { environmentCases } from "./conformance/environment-cases.js";
import type { RuntimeHarness } from "./conformance/harness.js";
import { lifecycleCases } from "./conformance/lifecycle-cases.js";
import { streamCases } from "./conformance/stream-cases.js";

export type { Fixture, RuntimeHarness } from "./conformance/harness.js";

/**
 * The behaviour every Runtime owes the node agent, registered as node:test cases: exit codes and
 * start failures, signals and the SIGTERM → SIGKILL path (driven by the caller), environment,
 * working directory, hostname, volumes, logs, exec, attach, and removal. Each case opens a new
 * runtime through the harness and closes it afterwards. Cases that depend on a capability the
 * runtime says it lacks (capabilities()) are skipped or expect what it says instead.
 */
export function runRuntimeConformance(name: string, harness: RuntimeHarness): void {
  describe(`Runtime conformance: ${name}`, () => {
    lifecycleCases(harness);
    environmentCases(harness);
    streamCases(harness);
  });
}
