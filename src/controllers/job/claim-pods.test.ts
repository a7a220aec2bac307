import assert from "node:assert/strict";
import { test } from "node:test";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { selectorFromSet } from "../../util/labels.js";
import { planClaim } from "./claim-pods.js";
import { storedJob } from "./testing/job-world.js";

const pod = (name: string, labels: Record<string, string>, deleting = false): Stored<Pod> =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", uid: name, resourceVersion: "1", creationTimestamp: "", labels, ...(deleting ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}) } }) as Stored<Pod>;

const selector = selectorFromSet({ app: "x" });
const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata!.name);

test("owned pods the selector matches are kept, the others released; matching orphans not being deleted are adopted", () => {
  const plan = planClaim(storedJob(), selector, {
    owned: [pod("mine", { app: "x" }), pod("relabelled", { app: "y" })],
    orphans: [pod("stray", { app: "x" }), pod("other", { app: "z" }), pod("going", { app: "x" }, true)],
  });
  assert.deepEqual([names(plan.owned), names(plan.release), names(plan.adopt)], [["mine"], ["relabelled"], ["stray"]]);
});

test("a Job being deleted neither adopts nor releases", () => {
  const job: Stored<Job> = storedJob((j) => Object.assign(j.metadata!, { deletionTimestamp: "2024-01-01T00:00:00Z" }));
  const plan = planClaim(job, selector, { owned: [pod("relabelled", { app: "y" })], orphans: [pod("stray", { app: "x" })] });
  assert.deepEqual([names(plan.owned), names(plan.release), names(plan.adopt)], [[], [], []]);
});
