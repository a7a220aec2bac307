import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { WatchEvent } from "./store.js";
import { WatchQueue, WatcherTooSlowError } from "./watch-queue.js";

const event = (revision: number): WatchEvent => ({ type: "put", key: `/k/${revision}`, revision, value: "v", createRevision: revision });

/** Resolves once every microtask queued so far (and those they queue) has run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Case {
  name: string;
  limit: number;
  /** Pushes and other calls made synchronously, before any delivery. */
  act: (queue: WatchQueue) => void;
  /** What the handler does on each event. */
  onEvent?: (event: WatchEvent, queue: WatchQueue) => void;
  delivered: number[];
  error?: new (...args: never[]) => Error;
  ended: boolean;
}

const cases: Case[] = [
  {
    name: "events pushed together are delivered later, in order",
    limit: 10,
    act: (q) => [1, 2, 3].forEach((r) => q.push(event(r))),
    delivered: [1, 2, 3],
    ended: false,
  },
  {
    name: "a push beyond the limit fails the watch after the events it holds",
    limit: 2,
    act: (q) => [1, 2, 3, 4].forEach((r) => q.push(event(r))),
    delivered: [1, 2],
    error: WatcherTooSlowError,
    ended: true,
  },
  {
    name: "stop before delivery drops what was queued",
    limit: 10,
    act: (q) => {
      q.push(event(1));
      q.stop();
      q.push(event(2));
    },
    delivered: [],
    ended: true,
  },
  {
    name: "a handler stopping its own watch gets nothing after that event",
    limit: 10,
    act: (q) => [1, 2, 3].forEach((r) => q.push(event(r))),
    onEvent: (e, q) => e.revision === 2 && q.stop(),
    delivered: [1, 2],
    ended: true,
  },
  {
    name: "a handler that throws ends the watch with its error",
    limit: 10,
    act: (q) => [1, 2, 3].forEach((r) => q.push(event(r))),
    onEvent: (e) => {
      if (e.revision === 2) throw new RangeError("handler bug");
    },
    delivered: [1, 2],
    error: RangeError,
    ended: true,
  },
];

describe("WatchQueue", () => {
  for (const c of cases) {
    test(c.name, async () => {
      const delivered: number[] = [];
      const errors: Error[] = [];
      let ends = 0;
      const queue: WatchQueue = new WatchQueue(
        {
          onEvent: (e) => {
            delivered.push(e.revision);
            c.onEvent?.(e, queue);
          },
          onError: (error) => errors.push(error),
        },
        { limit: c.limit, onEnd: () => ends++ },
      );
      c.act(queue);
      assert.deepEqual(delivered, [], "nothing is delivered synchronously");
      await settle();
      assert.deepEqual(delivered, c.delivered);
      assert.equal(errors.length, c.error ? 1 : 0);
      if (c.error) assert.ok(errors[0] instanceof c.error);
      assert.equal(ends, c.ended ? 1 : 0);
    });
  }
});
