import assert from "node:assert/strict";
import { test } from "node:test";
import { EventLoopTurns } from "./event-loop-turns.js";

test("within its slice a caller goes on at once", () => {
  const turns = new EventLoopTurns(60_000);
  assert.equal(turns.turn(), undefined);
  assert.equal(turns.turn(), undefined);
});

test("past its slice every caller waits for the same turn, which comes after an immediate queued before it", async () => {
  const turns = new EventLoopTurns(0);
  const order: string[] = [];
  setImmediate(() => order.push("immediate"));
  const first = turns.turn();
  const second = turns.turn();
  assert.ok(first);
  assert.equal(second, first);
  await first!.then(() => order.push("turn"));
  assert.deepEqual(order, ["immediate", "turn"]);
});

test("once a turn has come, a caller whose slice has passed again waits for the next one", async () => {
  const turns = new EventLoopTurns(0);
  const first = turns.turn();
  await first;
  const next = turns.turn();
  assert.ok(next);
  assert.notEqual(next, first);
  await next;
});
