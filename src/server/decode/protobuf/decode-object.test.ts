import assert from "node:assert/strict";
import { test } from "node:test";
import { catalogTypeLookup } from "../../type-lookup.js";
import { decodeProtobufObject } from "./decode-object.js";

// A tiny protobuf writer, so fixtures are spelled with upstream's field numbers.
function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}
const num = (field: number, n: number | bigint | boolean): number[] => [...varint((field << 3) | 0), ...varint(typeof n === "boolean" ? (n ? 1 : 0) : n)];
const msg = (field: number, ...parts: number[][]): number[] => {
  const body = parts.flat();
  return [...varint((field << 3) | 2), ...varint(body.length), ...body];
};
const str = (field: number, s: string): number[] => msg(field, [...Buffer.from(s)]);
const entry = (field: number, k: string, v: number[]): number[] => msg(field, str(1, k), v);
const envelope = (apiVersion: string, kind: string, raw: number[]): Uint8Array =>
  Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, str(1, apiVersion), str(2, kind)), ...msg(2, raw), ...str(3, ""), ...str(4, "")]);

const types = catalogTypeLookup();

test("a Job from `kubectl create job --from=cronjob` decodes with pointers kept and Go zero values dropped", () => {
  const metadata = msg(
    1,
    str(1, "manual-1"),
    msg(8),
    entry(12, "cronjob.kubernetes.io/instantiate", str(2, "manual")),
    msg(13, str(5, "batch/v1"), str(1, "CronJob"), str(3, "hello"), str(4, "uid-1"), num(6, true)),
  );
  const container = msg(2, str(1, "c"), str(2, "busybox"), str(3, "sh"), str(3, "-c"), str(3, "exit 0"), str(5, ""), msg(8), num(16, false), num(18, false));
  const podSpec = msg(2, container, str(3, "Never"), num(4, 30), str(6, "ClusterFirst"), msg(14));
  const spec = msg(2, num(7, 0), msg(6, msg(1), podSpec), num(10, false));
  const body = envelope("batch/v1", "Job", [...metadata, ...spec, ...msg(3)]);
  assert.deepEqual(decodeProtobufObject(body, types), {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: "manual-1",
      annotations: { "cronjob.kubernetes.io/instantiate": "manual" },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "hello", uid: "uid-1", controller: true }],
    },
    spec: {
      backoffLimit: 0,
      suspend: false,
      template: {
        metadata: {},
        spec: {
          containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "exit 0"], resources: {} }],
          restartPolicy: "Never",
          terminationGracePeriodSeconds: 30,
          dnsPolicy: "ClusterFirst",
          securityContext: {},
        },
      },
    },
    status: {},
  });
});

test("a ConfigMap's binaryData is base64 and its data plain strings", () => {
  const body = envelope("v1", "ConfigMap", [...msg(1, str(1, "cm")), ...entry(2, "k", str(2, "v")), ...entry(3, "b", msg(2, [0, 1, 255]))]);
  assert.deepEqual(decodeProtobufObject(body, types), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { k: "v" }, binaryData: { b: "AAH/" } });
});

test("a Service port's IntOrString and a creation timestamp decode to their JSON forms", () => {
  const port = msg(1, str(1, "http"), str(2, "TCP"), num(3, 80), msg(4, num(1, 0), num(2, 8080)));
  const named = msg(1, str(2, "TCP"), num(3, 81), msg(4, num(1, 1), str(3, "web")));
  const body = envelope("v1", "Service", [...msg(1, str(1, "svc"), msg(8, num(1, 1700000000))), ...msg(2, port, named, entry(2, "app", str(2, "web")))]);
  assert.deepEqual(decodeProtobufObject(body, types), {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "svc", creationTimestamp: "2023-11-14T22:13:20Z" },
    spec: { ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }, { protocol: "TCP", port: 81, targetPort: "web" }], selector: { app: "web" } },
  });
});

test("a volume's inlined VolumeSource and a probe's inlined handler land in their parent", () => {
  const volume = msg(1, str(1, "data"), msg(2, msg(2, str(1, "Memory"))));
  const probe = msg(10, msg(1, msg(1, str(1, "true"))), num(4, 5));
  const container = msg(2, str(1, "c"), probe);
  const body = envelope("v1", "Pod", [...msg(1, str(1, "p")), ...msg(2, volume, container)]);
  assert.deepEqual(decodeProtobufObject(body, types), {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: { volumes: [{ name: "data", emptyDir: { medium: "Memory" } }], containers: [{ name: "c", livenessProbe: { exec: { command: ["true"] }, periodSeconds: 5 } }] },
  });
});

test("a body without the k8s magic is refused with upstream's message", () => {
  assert.throws(() => decodeProtobufObject(Uint8Array.from([1, 2, 3, 4]), types), {
    name: "ProtobufDecodeError",
    message: "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
  });
});

test("a kind the server has no type for is refused", () => {
  assert.throws(() => decodeProtobufObject(envelope("apps/v1", "Deployment", []), types), { name: "ProtobufDecodeError", message: /no kind "Deployment" is registered/ });
});

test("a truncated message is an unexpected EOF", () => {
  const body = envelope("v1", "Namespace", msg(1, str(1, "ns")));
  assert.throws(() => decodeProtobufObject(body.subarray(0, body.length - 6), types), { name: "ProtobufDecodeError", message: "unexpected EOF" });
});
