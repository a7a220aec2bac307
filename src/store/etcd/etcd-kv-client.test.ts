import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { EtcdCallError, EtcdKvClient } from "./etcd-kv-client.js";
import { EtcdMembers } from "./etcd-members.js";
import { CompareResult, CompareTarget, int64, utf8 } from "./etcd-messages.js";
import { startEtcdCluster } from "./testing/etcd-cluster.js";
import type { EtcdCluster } from "./testing/etcd-cluster.js";

let cluster: EtcdCluster;
let keys = 0;
const opened: EtcdMembers[] = [];

before(async () => void (cluster = await startEtcdCluster({ members: 1 })));
after(async () => {
  for (const m of opened) m.close();
  await cluster.stop();
});

function client(hosts: readonly string[] = cluster.endpoints, callTimeoutMs = 10_000): EtcdKvClient {
  const members = new EtcdMembers({ hosts, dialTimeoutMs: 1000 });
  opened.push(members);
  return new EtcdKvClient(members, callTimeoutMs);
}

/** A loopback address nothing listens on: connecting is refused. */
async function refusingEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

function createTxn(key: Buffer, value: string) {
  return {
    compare: [{ key, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 }],
    success: [{ request_put: { key, value: Buffer.from(value) } }],
    failure: [{ request_range: { key } }],
  };
}

describe("etcd KV client (gRPC over node:http2)", () => {
  test("a create transaction lands once; the second fails its comparison and reads what is there", async () => {
    const kv = client();
    const key = Buffer.from(`/kv-client/${keys++}`);
    const { response: first, attempts } = await kv.txn(createTxn(key, "one"));
    assert.equal(attempts, 1);
    assert.equal(first.succeeded, true);
    const revision = int64(first.header.revision);
    assert.ok(revision > 0);
    const { response: second } = await kv.txn(createTxn(key, "two"));
    assert.equal(second.succeeded, false);
    const current = second.responses[0]?.response_range?.kvs[0];
    assert.ok(current);
    assert.deepEqual([utf8(current.value), int64(current.mod_revision), int64(current.create_revision)], ["one", revision, revision]);
  });

  test("a range answers keys, values and revisions; count_only answers the count", async () => {
    const kv = client();
    const prefix = `/kv-range/${keys++}/`;
    for (const name of ["a", "b", "c"]) await kv.txn(createTxn(Buffer.from(prefix + name), `value of ${name}`));
    const res = await kv.range({ key: Buffer.from(prefix), range_end: Buffer.from(prefix.slice(0, -1) + "0"), limit: 2 });
    assert.deepEqual(res.kvs.map((x) => [utf8(x.key), utf8(x.value)]), [[`${prefix}a`, "value of a"], [`${prefix}b`, "value of b"]]);
    assert.equal(res.more, true);
    const counted = await kv.range({ key: Buffer.from(prefix), range_end: Buffer.from(prefix.slice(0, -1) + "0"), count_only: true });
    assert.deepEqual([int64(counted.count), counted.kvs.length], [3, 0]);
    assert.deepEqual((await kv.range({ key: Buffer.from(`${prefix}none`) })).kvs, []);
  });

  test("etcd's refusal comes back as an EtcdCallError with its gRPC code and etcd's message", async () => {
    const kv = client();
    const head = int64((await kv.range({ key: Buffer.from("/any"), count_only: true })).header.revision);
    await assert.rejects(kv.range({ key: Buffer.from("/any"), revision: head + 1000 }), (error: unknown) => {
      assert.ok(error instanceof EtcdCallError);
      assert.equal(error.code, 11);
      assert.match(error.message, /required revision is a future revision/);
      return true;
    });
  });

  test("a member that refuses connections is passed over: every call lands on the one that answers, the first after two attempts", async () => {
    const kv = client([await refusingEndpoint(), ...cluster.endpoints]);
    const tried = [];
    for (let i = 0; i < 6; i++) tried.push(await kv.txn(createTxn(Buffer.from(`/kv-failover/${keys++}`), "v")));
    assert.deepEqual(tried.map((t) => t.response.succeeded), [true, true, true, true, true, true]);
    assert.deepEqual(tried.map((t) => t.attempts), [2, 1, 1, 1, 1, 1]);
  });

  test("with no member to reach, a call fails instead of hanging", async () => {
    const kv = client([await refusingEndpoint(), await refusingEndpoint()]);
    await assert.rejects(kv.range({ key: Buffer.from("/x") }), /etcd: .*(ECONNREFUSED|broke off)/);
  });
});
