import assert from "node:assert/strict";
import { test } from "node:test";
import type { ConfigMap, Container, Pod, Secret } from "kubernetes-types/core/v1.js";
import type { ConfigObjects } from "../config-objects.js";
import { expandArgv, resolveEnv } from "./resolve-env.js";

const configMaps: Record<string, ConfigMap> = { "default/cfg": { data: { MODE: "fast", LEVEL: "3" } } };
const secrets: Record<string, Secret> = { "default/creds": { data: { PASSWORD: Buffer.from("s3cret").toString("base64") } } };
const objects: ConfigObjects = {
  configMap: async (ns, name) => configMaps[`${ns}/${name}`],
  secret: async (ns, name) => secrets[`${ns}/${name}`],
  persistentVolumeClaim: async () => undefined,
  persistentVolume: async () => undefined,
};

const pod: Pod = {
  metadata: { name: "web-0", namespace: "default", uid: "u-1", labels: { app: "web" }, annotations: { note: "hi" } },
  spec: { nodeName: "node-a", serviceAccountName: "default", containers: [] },
};

const options = { objects, hostIP: "127.0.0.1", podIP: "127.0.0.2", allocatable: { cpu: "4", memory: "8Gi" } };

async function env(container: Partial<Container>): Promise<Record<string, string>> {
  const list = await resolveEnv(pod, { name: "app", ...container }, options);
  return Object.fromEntries(list.map((e) => [e.name, e.value]));
}

const cases: Array<{ name: string; container: Partial<Container>; expect: Record<string, string> }> = [
  {
    name: "plain values expand references to earlier variables and keep unknown ones",
    container: { env: [{ name: "A", value: "x" }, { name: "B", value: "$(A)-$(C)" }, { name: "C", value: "late" }] },
    expect: { A: "x", B: "x-$(C)", C: "late" },
  },
  {
    name: "fieldRef reads the pod's identity, node, account, addresses, labels and annotations",
    container: {
      env: [
        { name: "NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
        { name: "UID", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } },
        { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        { name: "SA", valueFrom: { fieldRef: { fieldPath: "spec.serviceAccountName" } } },
        { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "HOST_IP", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
        { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: "NOTE", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
      ],
    },
    expect: { NAME: "web-0", NS: "default", UID: "u-1", NODE: "node-a", SA: "default", POD_IP: "127.0.0.2", HOST_IP: "127.0.0.1", APP: "web", NOTE: "hi" },
  },
  {
    name: "resourceFieldRef reads limits (the node's allocatable when unset) and requests, rounded up by the divisor",
    container: {
      resources: { requests: { memory: "100Mi" }, limits: { cpu: "500m" } },
      env: [
        { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
        { name: "CPU_M", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "1m" } } },
        { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
        { name: "REQ", valueFrom: { resourceFieldRef: { resource: "requests.memory", divisor: "1Mi" } } },
      ],
    },
    expect: { CPU: "1", CPU_M: "500", MEM: "8192", REQ: "100" },
  },
  {
    name: "envFrom brings every key with its prefix, and env after it wins",
    container: {
      envFrom: [{ configMapRef: { name: "cfg" }, prefix: "CFG_" }, { secretRef: { name: "creds" } }],
      env: [{ name: "CFG_MODE", value: "slow" }, { name: "DB", valueFrom: { secretKeyRef: { name: "creds", key: "PASSWORD" } } }],
    },
    expect: { CFG_MODE: "slow", CFG_LEVEL: "3", PASSWORD: "s3cret", DB: "s3cret" },
  },
  {
    name: "optional references to missing objects and keys leave their variables out",
    container: {
      envFrom: [{ configMapRef: { name: "nope", optional: true } }],
      env: [
        { name: "A", valueFrom: { configMapKeyRef: { name: "nope", key: "x", optional: true } } },
        { name: "B", valueFrom: { configMapKeyRef: { name: "cfg", key: "missing", optional: true } } },
        { name: "C", valueFrom: { configMapKeyRef: { name: "cfg", key: "MODE" } } },
      ],
    },
    expect: { C: "fast" },
  },
];

for (const c of cases) test(c.name, async () => assert.deepEqual(await env(c.container), c.expect));

const failures: Array<{ name: string; container: Partial<Container>; message: string }> = [
  { name: "a missing ConfigMap is a config error naming it", container: { env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "nope", key: "x" } } }] }, message: 'configmap "nope" not found' },
  { name: "a missing Secret in envFrom is a config error naming it", container: { envFrom: [{ secretRef: { name: "gone" } }] }, message: 'secret "gone" not found' },
  { name: "a missing ConfigMap key is worded as the kubelet words it", container: { env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "cfg", key: "x" } } }] }, message: "couldn't find key x in ConfigMap default/cfg" },
  { name: "a missing Secret key is worded as the kubelet words it", container: { env: [{ name: "A", valueFrom: { secretKeyRef: { name: "creds", key: "y" } } }] }, message: "couldn't find key y in Secret default/creds" },
];

for (const c of failures) {
  test(c.name, async () => {
    await assert.rejects(env(c.container), (err: Error) => err.name === "ContainerConfigError" && err.message === c.message);
  });
}

test("command and args expand $(VAR) from the environment, $$ escaping", () => {
  const argv = expandArgv({ name: "app", command: ["sh", "-c"], args: ["echo $(GREETING) $$(HOME) $(MISSING)"] }, [{ name: "GREETING", value: "hello" }]);
  assert.deepEqual(argv, ["sh", "-c", "echo hello $(HOME) $(MISSING)"]);
  assert.equal(expandArgv({ name: "app" }, []), undefined);
});
