import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Container, Pod } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { StatusError } from "../status.js";
import { podDefinition } from "./pod.js";

const { strategy, info } = podDefinition;
const now = Date.parse("2024-05-01T10:10:00Z");

function body(spec: Partial<Pod["spec"]> = {}, meta: Pod["metadata"] = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", ...meta },
    spec: { containers: [{ name: "app", image: "nginx:1.25" }], ...spec },
  };
}

/** The create path of the registry: defaults, prepare, then what the registry fills itself. */
function created(pod: Pod): Pod {
  const p = structuredClone(pod);
  strategy.applyDefaults(p);
  strategy.prepareForCreate(p);
  p.metadata = { ...p.metadata, uid: "uid-1", resourceVersion: "10", creationTimestamp: "2024-05-01T10:00:00Z" };
  return p;
}

function errors(list: ReturnType<typeof strategy.validate>): string[] {
  return list.map(formatFieldError);
}

describe("pod info", () => {
  test("pods are namespaced, short name po, in the all category, with upstream's subresources", () => {
    assert.deepEqual([info.namespaced, info.shortNames, info.categories], [true, ["po"], ["all"]]);
    assert.deepEqual(info.subresources, ["status", "binding", "eviction", "log", "exec", "attach", "portforward"]);
  });
});

describe("pod create", () => {
  test("a new pod is Pending with its QoS class, whatever status the client sent", () => {
    const p = created({ ...body(), status: { phase: "Running", podIP: "10.0.0.9" } });
    assert.deepEqual(p.status, { phase: "Pending", qosClass: "BestEffort" });
  });

  test("admission defaults: the default service account, 300s not-ready/unreachable tolerations, priority 0", () => {
    const p = created(body());
    assert.deepEqual([p.spec?.serviceAccountName, p.spec?.serviceAccount], ["default", "default"]);
    assert.deepEqual(p.spec?.tolerations, [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    assert.deepEqual([p.spec?.priority, p.spec?.preemptionPolicy, p.spec?.enableServiceLinks], [0, "PreemptLowerPriority", true]);
  });

  test("a pod that already tolerates every NoExecute taint gets no default tolerations", () => {
    const p = created(body({ tolerations: [{ operator: "Exists" }] }));
    assert.deepEqual(p.spec?.tolerations, [{ operator: "Exists" }]);
  });

  test("a gated pod starts with the SchedulingGated condition", () => {
    const p = created(body({ schedulingGates: [{ name: "example.com/wait" }] }));
    assert.deepEqual(p.status?.conditions, [
      { type: "PodScheduled", status: "False", reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates" },
    ]);
  });

  const qos: Array<[string, Container["resources"], string]> = [
    ["no requests or limits is BestEffort", {}, "BestEffort"],
    ["cpu and memory limits (requests defaulted to them) are Guaranteed", { limits: { cpu: "1", memory: "1Gi" } }, "Guaranteed"],
    ["a cpu request alone is Burstable", { requests: { cpu: "100m" } }, "Burstable"],
    ["requests below limits are Burstable", { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m", memory: "1Gi" } }, "Burstable"],
    ["zero requests do not count", { requests: { cpu: "0" } }, "BestEffort"],
  ];
  for (const [name, resources, want] of qos) {
    test(`QoS: ${name}`, () => {
      const p = created(body({ containers: [{ name: "app", image: "nginx:1.25", resources }] }));
      assert.equal(p.status?.qosClass, want);
    });
  }

  const invalid: Array<{ name: string; pod: Pod; expect: string[] }> = [
    { name: "a created pod is valid", pod: body(), expect: [] },
    {
      name: "a pod's image may not have surrounding spaces",
      pod: body({ containers: [{ name: "app", image: " nginx" }] }),
      expect: ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
    },
    {
      name: "ephemeral containers cannot be set on create",
      pod: body({ ephemeralContainers: [{ name: "debug", image: "busybox" }] }),
      expect: ["spec.ephemeralContainers: Forbidden: cannot be set on create"],
    },
    {
      name: "a gated pod cannot name its node",
      pod: body({ nodeName: "node-1", schedulingGates: [{ name: "example.com/wait" }] }),
      expect: ["spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"],
    },
    {
      name: "with hostNetwork a pod's host port must equal its container port",
      pod: body({ hostNetwork: true, containers: [{ name: "app", image: "i", ports: [{ containerPort: 80, hostPort: 81 }] }] }),
      expect: ["spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true"],
    },
    { name: "a pod needs a namespace", pod: { ...body(), metadata: { name: "web" } }, expect: ["metadata.namespace: Required value"] },
  ];
  for (const c of invalid) test(c.name, () => assert.deepEqual(errors(strategy.validate(created(c.pod))), c.expect));
});

const updatable =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

describe("pod update", () => {
  const stored = created(body({ activeDeadlineSeconds: 100 }));

  function update(change: (p: Pod) => void): string[] {
    const p = structuredClone(stored);
    change(p);
    strategy.applyDefaults(p);
    strategy.prepareForUpdate(p, stored);
    return errors([...strategy.validate(p), ...strategy.validateUpdate(p, stored)]);
  }

  test("the image may change", () => assert.deepEqual(update((p) => (p.spec!.containers[0]!.image = "nginx:1.26")), []));
  test("labels may change", () => assert.deepEqual(update((p) => (p.metadata!.labels = { tier: "web" })), []));
  test("activeDeadlineSeconds may go down", () => assert.deepEqual(update((p) => (p.spec!.activeDeadlineSeconds = 50)), []));
  test("tolerations may be added", () => {
    assert.deepEqual(update((p) => p.spec!.tolerations!.push({ key: "dedicated", operator: "Exists" })), []);
  });

  test("any other spec change is forbidden with upstream's list and a diff", () => {
    const [message, ...rest] = update((p) => (p.spec!.restartPolicy = "Never"));
    assert.deepEqual(rest, []);
    assert.equal(message, `spec: Forbidden: ${updatable}\n  core.PodSpec{\n- \trestartPolicy: "Always",\n+ \trestartPolicy: "Never",\n  }\n`);
  });

  test("containers may not be added or removed", () => {
    const errs = update((p) => p.spec!.containers.push({ name: "b", image: "i" }));
    assert.deepEqual(errs, ["spec.containers: Forbidden: pod updates may not add or remove containers"]);
  });

  test("activeDeadlineSeconds may not go up", () => {
    assert.deepEqual(update((p) => (p.spec!.activeDeadlineSeconds = 200)), ["spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value"]);
  });

  test("activeDeadlineSeconds may not be removed", () => {
    const errs = update((p) => delete p.spec!.activeDeadlineSeconds);
    assert.deepEqual(errs, ["spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"]);
  });

  test("existing tolerations may not be removed", () => {
    const errs = update((p) => (p.spec!.tolerations = []));
    assert.equal(errs[0], "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds");
  });

  test("scheduling gates may not be added", () => {
    const errs = update((p) => (p.spec!.schedulingGates = [{ name: "example.com/late" }]));
    assert.equal(errs[0], "spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/late'");
  });

  test("an update keeps the stored status", () => {
    const p = structuredClone(stored);
    (p as { status?: unknown }).status = { phase: "Failed" };
    strategy.prepareForUpdate(p, stored);
    assert.deepEqual(p.status, stored.status);
  });
});

describe("pod status subresource", () => {
  const stored = created(body({ nodeName: "node-1" }));

  function statusUpdate(change: (p: Pod) => void, base: Pod = stored): { pod: Pod; errs: string[] } {
    const p = structuredClone(base);
    change(p);
    strategy.status!.prepareForUpdate(p, base);
    return { pod: p, errs: errors(strategy.status!.validateUpdate(p, base)) };
  }

  test("a status write keeps the spec and the owner references", () => {
    const { pod, errs } = statusUpdate((p) => {
      p.spec!.nodeName = "node-2";
      p.metadata!.ownerReferences = [{ apiVersion: "v1", kind: "X", name: "x", uid: "1" }];
      (p as { status?: unknown }).status = { ...p.status, phase: "Running", podIP: "10.0.0.5", podIPs: [{ ip: "10.0.0.5" }] };
    });
    assert.deepEqual([pod.spec?.nodeName, pod.metadata?.ownerReferences, pod.status?.phase, errs], ["node-1", undefined, "Running", []]);
  });

  test("the QoS class is immutable", () => {
    const { errs } = statusUpdate((p) => (p.status!.qosClass = "Guaranteed"));
    assert.deepEqual(errs, ['status.qosClass: Invalid value: "Guaranteed": field is immutable']);
  });

  test("a missing QoS class is filled back in", () => {
    const { pod } = statusUpdate((p) => delete p.status!.qosClass);
    assert.equal(pod.status?.qosClass, "BestEffort");
  });

  test("with restartPolicy Never a terminated container stays terminated", () => {
    const base = created(body({ nodeName: "node-1", restartPolicy: "Never" }));
    (base as { status?: unknown }).status = {
      ...base.status,
      containerStatuses: [{ name: "app", image: "i", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 0 } } }],
    };
    const { errs } = statusUpdate((p) => {
      p.status!.containerStatuses![0]!.state = { running: {} };
    }, base);
    assert.deepEqual(errs, ["status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"]);
  });

  test("pod IPs are one per family and not repeated", () => {
    const { errs } = statusUpdate((p) => ((p as { status?: unknown }).status = { ...p.status, podIPs: [{ ip: "10.0.0.1" }, { ip: "10.0.0.1" }] }));
    assert.deepEqual(errs, [
      'status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"10.0.0.1"}}: may specify no more than one IP for each IP family',
      'status.podIPs[1]: Duplicate value: core.PodIP{IP:"10.0.0.1"}',
    ]);
  });

  test("pod IPs must be IP addresses", () => {
    const { errs } = statusUpdate((p) => ((p as { status?: unknown }).status = { ...p.status, podIPs: [{ ip: "ten" }] }));
    assert.deepEqual(errs, ['status.podIPs[0]: Invalid value: "ten": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  });
});

describe("pod IP fields", () => {
  test("podIP fills podIPs and the singular one wins when they disagree, as upstream's conversion", () => {
    const p = body();
    (p as { status?: unknown }).status = { podIP: "10.0.0.1", podIPs: [{ ip: "10.0.0.2" }], hostIPs: [{ ip: "192.168.1.2" }] };
    strategy.applyDefaults(p);
    assert.deepEqual(p.status, { podIP: "10.0.0.1", podIPs: [{ ip: "10.0.0.1" }], hostIP: "192.168.1.2", hostIPs: [{ ip: "192.168.1.2" }] });
  });
});

describe("graceful deletion", () => {
  const rows: Array<[string, Pod, number | undefined, number]> = [
    ["a scheduled pod uses its terminationGracePeriodSeconds", created(body({ nodeName: "n" })), undefined, 30],
    ["a requested grace period wins", created(body({ nodeName: "n" })), 5, 5],
    ["a pod never scheduled goes at once", created(body()), undefined, 0],
    ["a negative period becomes 1", created(body({ nodeName: "n", terminationGracePeriodSeconds: -5 })), undefined, 1],
  ];
  for (const [name, pod, requested, want] of rows) test(name, () => assert.equal(strategy.deletionGracePeriod!(pod, requested), want));

  test("a finished pod goes at once", () => {
    const p = created(body({ nodeName: "n" }));
    (p as { status?: unknown }).status = { phase: "Succeeded" };
    assert.equal(strategy.deletionGracePeriod!(p, undefined), 0);
  });
});

describe("field selectors", () => {
  test("pods offer upstream's selectable fields", () => {
    const p = created(body({ nodeName: "node-1" }));
    (p as { status?: unknown }).status = { phase: "Running", podIPs: [{ ip: "10.0.0.3" }] };
    assert.deepEqual(strategy.selectableFields!(p), {
      "spec.nodeName": "node-1",
      "spec.restartPolicy": "Always",
      "spec.schedulerName": "default-scheduler",
      "spec.serviceAccountName": "default",
      "spec.hostNetwork": "false",
      "status.phase": "Running",
      "status.podIP": "10.0.0.3",
      "status.nominatedNodeName": "",
    });
  });
});

describe("pod table", () => {
  test("the columns are upstream's, the wide ones at priority 1", () => {
    const cols = strategy.table.columns.map((c) => `${c.name}:${c.priority}`);
    assert.deepEqual(cols, ["Name:0", "Ready:0", "Status:0", "Restarts:0", "Age:0", "IP:1", "Node:1", "Nominated Node:1", "Readiness Gates:1"]);
  });

  test("a running pod with restarts prints the time of the last one", () => {
    const p = created(body({ nodeName: "node-1", readinessGates: [{ conditionType: "example.com/ok" }] }));
    (p as { status?: unknown }).status = {
      phase: "Running",
      podIPs: [{ ip: "10.0.0.7" }],
      conditions: [{ type: "example.com/ok", status: "True" }],
      containerStatuses: [
        {
          name: "app",
          image: "i",
          imageID: "",
          ready: true,
          restartCount: 2,
          state: { running: {} },
          lastState: { terminated: { exitCode: 1, finishedAt: "2024-05-01T10:05:00Z" } },
        },
      ],
    };
    assert.deepEqual(strategy.table.cells(p, now), ["web", "1/1", "Running", "2 (5m ago)", "10m", "10.0.0.7", "node-1", "<none>", "1/1"]);
  });

  test("a pending pod prints <none> for what it lacks", () => {
    assert.deepEqual(strategy.table.cells(created(body()), now), ["web", "0/1", "Pending", "0", "10m", "<none>", "<none>", "<none>", "<none>"]);
  });
});

describe("binding", () => {
  const pending = created(body());
  const binding = (name: string, node: string): unknown => ({ apiVersion: "v1", kind: "Binding", metadata: { name }, target: { kind: "Node", name: node } });

  test("binding sets the node and marks the pod scheduled", () => {
    const action = strategy.postSubresource!("binding", structuredClone(pending), binding("web", "node-1"));
    assert.equal(action.action, "update");
    const pod = action.action === "update" ? action.object : undefined;
    assert.deepEqual([pod?.spec?.nodeName, pod?.status?.conditions], ["node-1", [{ type: "PodScheduled", status: "True" }]]);
  });

  test("a bound pod cannot be bound again", () => {
    const bound = created(body({ nodeName: "node-1" }));
    assert.throws(
      () => strategy.postSubresource!("binding", bound, binding("web", "node-2")),
      (e: unknown) => e instanceof StatusError && e.code === 409 && e.message === 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"',
    );
  });

  test("the binding must name the pod", () => {
    assert.throws(
      () => strategy.postSubresource!("binding", structuredClone(pending), binding("db", "node-1")),
      (e: unknown) => e instanceof StatusError && e.code === 400 && e.message === "name in URL does not match name in Binding object",
    );
  });

  test("an eviction deletes the pod with the eviction's options", () => {
    const action = strategy.postSubresource!("eviction", pending, { metadata: { name: "web" }, deleteOptions: { gracePeriodSeconds: 0 } });
    assert.deepEqual(action, { action: "delete", options: { gracePeriodSeconds: 0 } });
  });
});

describe("decoding", () => {
  test("an unparsable quantity fails the request as upstream's decoder does", () => {
    const p = body({ containers: [{ name: "app", image: "i", resources: { limits: { cpu: "two" } } }] });
    assert.throws(
      () => strategy.applyDefaults(p),
      (e: unknown) =>
        e instanceof StatusError &&
        e.code === 400 &&
        e.message === `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });
});
