import assert from "node:assert/strict";
import { test } from "node:test";
import { LruCache } from "./lru-cache.js";

/** Which of keys the cache still holds (get counts as a use, so it is asked last). */
const held = (cache: LruCache<number>, keys: string[]): string[] => keys.filter((k) => cache.get(k) !== undefined);

const cases: Array<{ name: string; steps: Array<["set", string, number] | ["get" | "peek" | "delete", string]>; held: string[]; values?: Record<string, number> }> = [
  { name: "beyond its size the least recently set entry goes", steps: [["set", "a", 1], ["set", "b", 2], ["set", "c", 3], ["set", "d", 4]], held: ["b", "c", "d"] },
  { name: "a get makes an entry the most recently used", steps: [["set", "a", 1], ["set", "b", 2], ["set", "c", 3], ["get", "a"], ["set", "d", 4]], held: ["a", "c", "d"] },
  {
    name: "setting a held key replaces its value and makes it the most recently used",
    steps: [["set", "a", 1], ["set", "b", 2], ["set", "c", 3], ["set", "a", 10], ["set", "d", 4]],
    held: ["a", "c", "d"],
    values: { a: 10 },
  },
  { name: "the newest entry used again stays newest", steps: [["set", "a", 1], ["set", "b", 2], ["get", "b"], ["set", "c", 3], ["set", "d", 4]], held: ["b", "c", "d"] },
  { name: "a peek is not a use", steps: [["set", "a", 1], ["set", "b", 2], ["set", "c", 3], ["peek", "a"], ["set", "d", 4]], held: ["b", "c", "d"] },
  { name: "a deleted entry leaves room and no gap in the order", steps: [["set", "a", 1], ["set", "b", 2], ["set", "c", 3], ["delete", "b"], ["set", "d", 4], ["set", "e", 5]], held: ["c", "d", "e"] },
  { name: "evictions go on in order", steps: [["set", "a", 1], ["set", "b", 2], ["set", "c", 3], ["set", "d", 4], ["set", "e", 5], ["get", "c"], ["set", "f", 6]], held: ["c", "e", "f"] },
];

for (const c of cases) {
  test(c.name, () => {
    const cache = new LruCache<number>(3);
    for (const step of c.steps) {
      if (step[0] === "set") cache.set(step[1], step[2]);
      else if (step[0] === "get") cache.get(step[1]);
      else if (step[0] === "peek") cache.peek(step[1]);
      else cache.delete(step[1]);
    }
    assert.equal(cache.size(), c.held.length);
    assert.deepEqual(held(cache, ["a", "b", "c", "d", "e", "f"]), c.held);
    for (const [k, v] of Object.entries(c.values ?? {})) assert.equal(cache.get(k), v);
  });
}
