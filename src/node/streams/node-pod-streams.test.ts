import assert from "node:assert/strict";
import { text } from "node:stream/consumers";
import { test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import { StatusError } from "../../api/status.js";
import { openAgentHarness } from "../testing/agent-harness.js";

function pod(name: string, containers: NonNullable<Pod["spec"]>["containers"], restartPolicy: "Always" | "Never" = "Always"): Pod {
  return { metadata: { name }, spec: { containers, restartPolicy } };
}

const rejectsWith = (message: string) => (err: unknown) => err instanceof StatusError && err.message === message;

test("logs serve the current container's output, and previous serves the last exited start's", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(pod("talk", [{ name: "app", image: "busybox", command: ["sh", "-c", "echo hello from $HOSTNAME; sleep 5; exit 1"] }]));
  const streams = h.agent.podStreams;
  await assert.rejects(streams.log("default", "talk", { previous: true }), rejectsWith('previous terminated container "app" in pod "talk" not found'));
  const first = await text(await streams.log("default", "talk", {}));
  assert.equal(first, "hello from talk\n");
  await h.advance(5);
  assert.equal(await text(await streams.log("default", "talk", { previous: true })), first);
  assert.match(await text(await streams.log("default", "talk", { timestamps: true })), /^2026-01-01T00:00:05Z hello from talk\n$/);
});

test("exec runs in the running container and reports its exit code", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(pod("shell", [{ name: "app", image: "busybox", command: ["sleep", "3600"] }]));
  const session = await h.agent.podStreams.exec("default", "shell", { command: ["sh", "-c", "echo out; echo err >&2; exit 3"], stdin: false, stdout: true, stderr: true, tty: false });
  const [out, err, code] = await Promise.all([text(session.stdout!), text(session.stderr!), session.exit]);
  assert.deepEqual([out, err, code], ["out\n", "err\n", 3]);
});

test("streams refuse as upstream words it: unknown pod, unknown container, no container chosen, container not running", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(
    pod("two", [
      { name: "a", image: "busybox", command: ["sleep", "3600"] },
      { name: "b", image: "busybox", command: ["true"] },
    ], "Never"),
  );
  const s = h.agent.podStreams;
  const flags = { stdin: false, stdout: true, stderr: true, tty: false };
  await assert.rejects(s.log("default", "nope", {}), rejectsWith('pods "nope" not found'));
  await assert.rejects(s.log("default", "two", {}), rejectsWith("a container name must be specified for pod two, choose one of: [a b]"));
  await assert.rejects(s.log("default", "two", { container: "c" }), rejectsWith("container c is not valid for pod two"));
  await assert.rejects(s.exec("default", "two", { ...flags, container: "b", command: ["ls"] }), rejectsWith('unable to upgrade connection: container not found ("b")'));
});
