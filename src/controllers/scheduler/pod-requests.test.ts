import assert from "node:assert/strict";
import { test } from "node:test";
import type { Container, PodSpec } from "kubernetes-types/core/v1.js";
import { podNonZeroRequests, podRequests } from "./pod-requests.js";

const c = (name: string, requests: Record<string, string>, extra: Partial<Container> = {}): Container => ({ name, image: "busybox", resources: { requests }, ...extra });
const spec = (s: Partial<PodSpec>): { spec: PodSpec } => ({ spec: { containers: [], ...s } });

const cases: Array<{ name: string; spec: Partial<PodSpec>; cpu: number; memory: number; nonZeroCpu: number }> = [
  { name: "containers' requests add up", spec: { containers: [c("a", { cpu: "250m", memory: "64Mi" }), c("b", { cpu: "1" })] }, cpu: 1250, memory: 64 * 2 ** 20, nonZeroCpu: 1250 },
  { name: "an init container bigger than the containers sets the floor", spec: { containers: [c("a", { cpu: "100m" })], initContainers: [c("init", { cpu: "2" })] }, cpu: 2000, memory: 0, nonZeroCpu: 2000 },
  {
    name: "a sidecar counts beside the containers and beside later init containers",
    spec: { containers: [c("a", { cpu: "500m" })], initContainers: [c("sidecar", { cpu: "200m" }, { restartPolicy: "Always" }), c("init", { cpu: "1" })] },
    cpu: 1200,
    memory: 0,
    nonZeroCpu: 1200,
  },
  { name: "the pod overhead is added", spec: { containers: [c("a", { cpu: "100m" })], overhead: { cpu: "50m" } }, cpu: 150, memory: 0, nonZeroCpu: 150 },
  { name: "a container asking nothing counts 100m and 200Mi for scoring only", spec: { containers: [{ name: "a", image: "busybox" }] }, cpu: 0, memory: 0, nonZeroCpu: 100 },
];

for (const k of cases) {
  test(k.name, () => {
    const pod = spec(k.spec);
    assert.equal(podRequests(pod).milliCPU, k.cpu);
    assert.equal(podRequests(pod).memory, k.memory);
    assert.equal(podNonZeroRequests(pod).milliCPU, k.nonZeroCpu);
  });
}

test("extended resources and hugepages are counted, other names are not", () => {
  const r = podRequests(spec({ containers: [c("a", { "nvidia.com/gpu": "1", "hugepages-2Mi": "4Mi", storage: "1Gi" })] }));
  assert.deepEqual(r.scalar, { "nvidia.com/gpu": 1, "hugepages-2Mi": 4 * 2 ** 20 });
});
