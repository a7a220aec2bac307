import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CompactedError, FutureRevisionError } from "../store.js";
import type { KeyValue, Store } from "../store.js";
import { createAll, pairs, withStore } from "./harness.js";
import type { OpenFreshStore } from "./harness.js";

interface PrefixCase {
  name: string;
  prefix: string;
  keys: string[];
}

const neighbours = { "/a/b": "1", "/a/b/x": "2", "/a/b/y/z": "3", "/a/bc/x": "4", "/a/c": "5", "/b/b/x": "6" };

const prefixCases: PrefixCase[] = [
  { name: 'a prefix ending in "/" sees its folder and not a sibling sharing its start', prefix: "/a/b/", keys: ["/a/b/x", "/a/b/y/z"] },
  { name: "a prefix is a plain string prefix, as in etcd: /a/b also sees /a/bc/x", prefix: "/a/b", keys: ["/a/b", "/a/b/x", "/a/b/y/z", "/a/bc/x"] },
  { name: "an exact key as prefix sees the key", prefix: "/a/c", keys: ["/a/c"] },
  { name: "the empty prefix sees every key", prefix: "", keys: Object.keys(neighbours) },
  { name: "a prefix nothing starts with sees nothing", prefix: "/z/", keys: [] },
];

export function listCases(openFresh: OpenFreshStore): void {
  describe("list and count", () => {
    for (const c of prefixCases) {
      test(c.name, () =>
        withStore(openFresh, async (store) => {
          await createAll(store, neighbours);
          const listed = await store.list(c.prefix);
          assert.deepEqual(listed.items.map((i) => i.key), c.keys);
          assert.equal(await store.count(c.prefix), c.keys.length);
        }));
    }

    test("items come in key order with their revisions, at the current revision", () =>
      withStore(openFresh, async (store) => {
        const [rc, ra, rb] = await createAll(store, { "/p/c": "C", "/p/a": "A", "/p/b": "B" });
        const listed = await store.list("/p/");
        assert.deepEqual(listed, {
          items: [
            { key: "/p/a", value: "A", createRevision: ra, modRevision: ra },
            { key: "/p/b", value: "B", createRevision: rb, modRevision: rb },
            { key: "/p/c", value: "C", createRevision: rc, modRevision: rc },
          ],
          revision: await store.currentRevision(),
          more: false,
        });
      }));

    test("limit and startAfter page through the keys; more tells whether keys follow", () =>
      withStore(openFresh, async (store) => {
        await createAll(store, Object.fromEntries(["a", "b", "c", "d", "e"].map((k) => [`/p/${k}`, k])));
        const pages = await pageThrough(store, "/p/", { limit: 2 });
        assert.deepEqual(pages.map((p) => [p.items.map((i) => i.key), p.more]), [
          [["/p/a", "/p/b"], true],
          [["/p/c", "/p/d"], true],
          [["/p/e"], false],
        ]);
        const exact = await store.list("/p/", { limit: 5 });
        assert.equal(exact.more, false);
        assert.equal((await store.list("/p/", { limit: 0 })).items.length, 5);
      }));
  });

  describe("list at a past revision", () => {
    test("shows keys as they were: later updates undone, later deletes restored, later creates absent", () =>
      withStore(openFresh, async (store) => {
        const [ra, rb, rc] = await createAll(store, { "/p/a": "a1", "/p/b": "b1", "/p/c": "c1" });
        const ra2 = await store.update("/p/a", "a2", ra!);
        const snapshot = await store.currentRevision();
        const before = await store.list("/p/");
        await store.update("/p/a", "a3", ra2);
        await store.delete("/p/b", rb);
        await store.create("/p/d", "d1");
        await store.delete("/p/c", rc);
        await store.create("/p/c", "c2");
        const past = await store.list("/p/", { revision: snapshot });
        assert.deepEqual(past, { ...before, revision: snapshot });
        assert.deepEqual(pairs(past.items), [["/p/a", "a2"], ["/p/b", "b1"], ["/p/c", "c1"]]);
      }));

    test("pages read at the first page's revision stay consistent while writes continue", () =>
      withStore(openFresh, async (store) => {
        const keys = Array.from({ length: 12 }, (_, i) => `/p/${String(i).padStart(2, "0")}`);
        await createAll(store, Object.fromEntries(keys.map((k) => [k, `${k}@1`])));
        const expected = await store.list("/p/");
        const pages: KeyValue[] = [];
        let page = await store.list("/p/", { limit: 4 });
        for (let round = 0; ; round++) {
          pages.push(...page.items);
          await churn(store, round);
          if (!page.more) break;
          page = await store.list("/p/", { limit: 4, startAfter: page.items.at(-1)!.key, revision: page.revision });
          assert.equal(page.revision, expected.revision);
        }
        assert.deepEqual(pages, expected.items);
      }));

    test("a revision ahead of the store fails with FutureRevisionError", () =>
      withStore(openFresh, async (store) => {
        await store.create("/p/a", "a");
        const ahead = (await store.currentRevision()) + 10;
        await assert.rejects(store.list("/p/", { revision: ahead }), FutureRevisionError);
      }));

    test("a compacted revision fails with CompactedError; the compaction revision itself still reads", () =>
      withStore(openFresh, async (store) => {
        const [ra] = await createAll(store, { "/p/a": "a1", "/p/b": "b1" });
        const old = await store.currentRevision();
        await store.update("/p/a", "a2", ra!);
        const kept = await store.currentRevision();
        const atKept = await store.list("/p/", { revision: kept });
        await store.update("/p/a", "a3", kept);
        await store.compact(kept);
        await assert.rejects(store.list("/p/", { revision: old }), (error: unknown) => {
          assert.ok(error instanceof CompactedError);
          assert.equal(error.requested, old);
          return true;
        });
        assert.deepEqual(await store.list("/p/", { revision: kept }), atKept);
      }));
  });
}

async function pageThrough(store: Store, prefix: string, options: { limit: number }) {
  const pages = [await store.list(prefix, options)];
  while (pages.at(-1)!.more) {
    const last = pages.at(-1)!;
    pages.push(await store.list(prefix, { ...options, startAfter: last.items.at(-1)!.key, revision: last.revision }));
  }
  return pages;
}

/** Changes every kind of thing a later page could wrongly see: updates, deletes, creates. */
async function churn(store: Store, round: number): Promise<void> {
  const { items } = await store.list("/p/");
  for (const item of items.filter((_, i) => i % 3 === round % 3)) {
    await store.update(item.key, `${item.key}@${round + 2}`, item.modRevision);
  }
  const victim = items[(round * 5) % items.length];
  if (victim) await store.delete(victim.key);
  await store.create(`/p/${String(round).padStart(2, "0")}-new`, "new");
}
