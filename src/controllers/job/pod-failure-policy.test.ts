import assert from "node:assert/strict";
import { test } from "node:test";
import type { PodFailurePolicy } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { matchPodFailurePolicy, type PolicyMatch } from "./pod-failure-policy.js";

function pod(containers: Array<[name: string, exitCode: number | undefined]>, options: { init?: Array<[string, number]>; conditions?: Array<[string, string]> } = {}): Pod {
  const status = ([name, exitCode]: [string, number | undefined]) => ({
    name,
    image: "busybox",
    imageID: "",
    ready: false,
    restartCount: 0,
    state: exitCode === undefined ? { running: {} } : { terminated: { exitCode } },
  });
  return {
    metadata: { name: "p", namespace: "ns" },
    status: {
      phase: "Failed",
      containerStatuses: containers.map(status),
      initContainerStatuses: (options.init ?? []).map(status),
      conditions: (options.conditions ?? []).map(([type, s]) => ({ type, status: s })),
    },
  };
}

const cases: Array<{ name: string; policy: PodFailurePolicy; pod: Pod; want: PolicyMatch }> = [
  {
    name: "FailJob on an exit code In the list names container, pod, code, action and rule index",
    policy: { rules: [{ action: "Ignore", onExitCodes: { operator: "In", values: [1] } }, { action: "FailJob", onExitCodes: { operator: "In", values: [42, 43] } }] },
    pod: pod([["main", 43]]),
    want: { failJobMessage: "Container main for pod ns/p failed with exit code 43 matching FailJob rule at index 1", countFailed: true, action: "FailJob" },
  },
  {
    name: "NotIn matches any code outside the list, never 0",
    policy: { rules: [{ action: "Count", onExitCodes: { operator: "NotIn", values: [3] } }] },
    pod: pod([["a", 0], ["b", 5]]),
    want: { countFailed: true, action: "Count" },
  },
  {
    name: "a rule naming another container does not match",
    policy: { rules: [{ action: "FailJob", onExitCodes: { containerName: "other", operator: "In", values: [1] } }] },
    pod: pod([["main", 1]]),
    want: { countFailed: true },
  },
  {
    name: "init containers are looked at after the app containers",
    policy: { rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [9] } }] },
    pod: pod([["main", undefined]], { init: [["setup", 9]] }),
    want: { countFailed: true, action: "FailIndex" },
  },
  {
    name: "Ignore on the DisruptionTarget condition does not count the failure",
    policy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] },
    pod: pod([["main", 137]], { conditions: [["DisruptionTarget", "True"]] }),
    want: { countFailed: false, action: "Ignore" },
  },
  {
    name: "FailJob on a pod condition names the condition",
    policy: { rules: [{ action: "FailJob", onPodConditions: [{ type: "ConfigIssue", status: "True" }] }] },
    pod: pod([["main", 1]], { conditions: [["ConfigIssue", "True"]] }),
    want: { failJobMessage: "Pod ns/p has condition ConfigIssue matching FailJob rule at index 0", countFailed: true, action: "FailJob" },
  },
  {
    name: "a condition with another status does not match",
    policy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] },
    pod: pod([["main", 1]], { conditions: [["DisruptionTarget", "False"]] }),
    want: { countFailed: true },
  },
];

for (const c of cases) test(c.name, () => assert.deepEqual(matchPodFailurePolicy(c.policy, c.pod), c.want));

test("without a policy every failure counts", () => assert.deepEqual(matchPodFailurePolicy(undefined, pod([["m", 1]])), { countFailed: true }));
