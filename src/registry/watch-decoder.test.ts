import assert from "node:assert/strict";
import { test } from "node:test";
import type { Stored } from "../api/object.js";
import type { WatchEvent } from "../store/store.js";
import { EventDecoder } from "./watch-decoder.js";

const key = "/registry/configmaps/default/a";
const dataOf = (o: Stored | undefined): Record<string, string> => (o as unknown as { data: Record<string, string> }).data;
const value = (data: string): string => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "default" }, data: { k: data } });
const put = (revision: number, data: string, prev?: { revision: number; data: string }): WatchEvent => ({
  type: "put",
  key,
  revision,
  value: value(data),
  createRevision: 1,
  ...(prev ? { prevValue: value(prev.data), prevRevision: prev.revision } : {}),
});

test("the previous object of a write is the one decoded for the write before it, at the new resourceVersion", () => {
  const decoder = new EventDecoder();
  const first = decoder.decode(put(1, "one")).object!;
  const second = decoder.decode(put(2, "two", { revision: 1, data: "one" }));
  const previous = second.previous!;
  assert.deepEqual(previous, { ...JSON.parse(value("one")), metadata: { name: "a", namespace: "default", resourceVersion: "2" } });
  assert.equal(dataOf(previous), dataOf(first), "shared with the object decoded before, not decoded again");
  assert.equal(first.metadata.resourceVersion, "1");
  assert.ok(Object.isFrozen(previous) && Object.isFrozen(previous.metadata));
});

test("a previous object from another revision than the one remembered is decoded from prevValue", () => {
  const decoder = new EventDecoder();
  const late = decoder.decode(put(5, "five", { revision: 4, data: "four" })).object!;
  // a watch replaying from an old revision: its events are older than what was remembered
  const replayed = decoder.decode(put(3, "three", { revision: 2, data: "two" }));
  assert.equal(dataOf(replayed.previous!)["k"], "two");
  assert.equal(replayed.previous!.metadata.resourceVersion, "3");
  replayed.object;
  const next = decoder.decode(put(6, "six", { revision: 5, data: "five" }));
  assert.equal(dataOf(next.previous!), dataOf(late), "the replay did not displace the later object");
});

test("a delete's previous object is the one remembered, and the key is forgotten with it", () => {
  const decoder = new EventDecoder();
  const first = decoder.decode(put(1, "one")).object!;
  const deleted = decoder.decode({ type: "delete", key, revision: 2, prevValue: value("one"), prevRevision: 1, createRevision: 1 });
  assert.equal(dataOf(deleted.previous!), dataOf(first));
  assert.equal(deleted.previous!.metadata.resourceVersion, "2");
  // the same revision seen again later (another store's replay, say) is decoded, not recalled
  const again = decoder.decode({ type: "put", key, revision: 3, value: value("three"), prevValue: value("one"), prevRevision: 1, createRevision: 3 });
  assert.notEqual(dataOf(again.previous!), dataOf(first));
  assert.equal(dataOf(again.previous!)["k"], "one");
});
