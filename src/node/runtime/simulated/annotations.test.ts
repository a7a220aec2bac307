import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SIMULATE_DURATION, SIMULATE_EXIT_CODE, parseGoDuration, simulationFor } from "./annotations.js";

describe("parseGoDuration", () => {
  const cases: Array<[string, number | undefined]> = [
    ["30s", 30_000], ["1m30s", 90_000], ["1.5h", 5_400_000], ["500ms", 500], ["0", 0], ["2h45m", 9_900_000],
    ["", undefined], ["30", undefined], ["ten", undefined], ["-5s", undefined], ["1d", undefined],
  ];
  for (const [text, ms] of cases) test(`"${text}" is ${ms === undefined ? "refused" : `${ms} ms`}`, () => assert.equal(parseGoDuration(text), ms));
});

describe("simulationFor", () => {
  test("a container-suffixed annotation wins over the pod-wide one, per key", () => {
    const annotations = { [SIMULATE_DURATION]: "10s", [`${SIMULATE_DURATION}.db`]: "1s", [SIMULATE_EXIT_CODE]: "3" };
    assert.deepEqual(simulationFor(annotations, "db"), { durationMs: 1000, exitCode: 3 });
    assert.deepEqual(simulationFor(annotations, "web"), { durationMs: 10_000, exitCode: 3 });
  });
  test("an invalid value names the annotation it came from", () => {
    assert.deepEqual(simulationFor({ [`${SIMULATE_EXIT_CODE}.web`]: "-1" }, "web"), {
      invalid: `annotation ${SIMULATE_EXIT_CODE}.web: invalid exit code "-1" (want 0-255)`,
    });
  });
  test("no annotations, nothing simulated", () => assert.deepEqual(simulationFor(undefined, "web"), {}));
});
