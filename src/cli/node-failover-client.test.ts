import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { refs } from "../api/refs.js";
import { apiErrors, StatusError } from "../api/status.js";
import type { Client } from "../client/client.js";
import { openTestCluster } from "../client/testing/test-cluster.js";
import type { TestCluster } from "../client/testing/test-cluster.js";
import { NodeFailoverClient } from "./node-failover-client.js";

let cluster: TestCluster;
before(async () => void (cluster = await openTestCluster()));
after(() => cluster.close());

/** A server that is down: every call fails as the HTTP client fails a refused connection. */
function down(calls: string[]): Client {
  return new Proxy(cluster.client, {
    get: (_t, prop) => () => {
      calls.push(String(prop));
      const refused = new Error("connect ECONNREFUSED 127.0.0.1:1");
      return Promise.reject(new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 503, reason: "ServiceUnavailable", message: refused.message }, { cause: refused }));
    },
  });
}

/** A server that is up but answers every call with err. */
function failing(err: Error): Client {
  return new Proxy(cluster.client, { get: () => () => Promise.reject(err) });
}

describe("NodeFailoverClient", () => {
  test("a call to a server that does not answer goes to the next one, which then stays current", async () => {
    const calls: string[] = [];
    const switched: number[] = [];
    const client = new NodeFailoverClient([down(calls), cluster.client], (i) => switched.push(i));
    const list = await client.list(refs.namespaces, undefined);
    assert.ok(list.items.length > 0);
    await client.get(refs.namespaces, undefined, "default");
    assert.deepEqual(calls, ["list"], "the dead server is not asked again");
    assert.deepEqual(switched, [1]);
  });

  test("an error a server sent (even a 503) is passed on, not retried elsewhere", async () => {
    const sent = apiErrors.serviceUnavailable("etcd is busy");
    const calls: string[] = [];
    const client = new NodeFailoverClient([failing(sent), down(calls)]);
    await assert.rejects(client.get(refs.namespaces, undefined, "default"), (err) => err === sent);
    assert.deepEqual(calls, []);
  });

  test("when no server answers, the last failure is thrown", async () => {
    const client = new NodeFailoverClient([down([]), down([])]);
    await assert.rejects(client.get(refs.namespaces, undefined, "default"), /ECONNREFUSED/);
  });
});
