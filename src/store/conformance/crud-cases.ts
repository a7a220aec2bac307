import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KeyExistsError, KeyNotFoundError, RevisionMismatchError } from "../store.js";
import type { Store } from "../store.js";
import { withStore } from "./harness.js";
import type { OpenFreshStore } from "./harness.js";

interface FailingWriteCase {
  name: string;
  /** Runs the write expected to fail, given the revision of "/k/a" (created with value "one"). */
  write: (store: Store, revision: number) => Promise<unknown>;
  error: (revision: number) => Record<string, unknown>;
  errorClass: new (...args: never[]) => Error;
}

const failingWrites: FailingWriteCase[] = [
  {
    name: "create of an existing key fails with KeyExistsError",
    write: (store) => store.create("/k/a", "two"),
    errorClass: KeyExistsError,
    error: () => ({ key: "/k/a" }),
  },
  {
    name: "update of a missing key fails with KeyNotFoundError",
    write: (store) => store.update("/k/missing", "two", 1),
    errorClass: KeyNotFoundError,
    error: () => ({ key: "/k/missing" }),
  },
  {
    name: "update at a stale revision fails with RevisionMismatchError carrying the current value",
    write: (store, rev) => store.update("/k/a", "two", rev - 1),
    errorClass: RevisionMismatchError,
    error: (rev) => ({
      key: "/k/a",
      expected: rev - 1,
      current: { key: "/k/a", value: "one", createRevision: rev, modRevision: rev },
    }),
  },
  {
    name: "delete of a missing key fails with KeyNotFoundError",
    write: (store) => store.delete("/k/missing"),
    errorClass: KeyNotFoundError,
    error: () => ({ key: "/k/missing" }),
  },
  {
    name: "delete at a stale revision fails with RevisionMismatchError carrying the current value",
    write: (store, rev) => store.delete("/k/a", rev + 5),
    errorClass: RevisionMismatchError,
    error: (rev) => ({
      key: "/k/a",
      expected: rev + 5,
      current: { key: "/k/a", value: "one", createRevision: rev, modRevision: rev },
    }),
  },
];

export function crudCases(openFresh: OpenFreshStore): void {
  describe("revisions", () => {
    test("each write takes the next revision and currentRevision follows it", () =>
      withStore(openFresh, async (store) => {
        const start = await store.currentRevision();
        const created = await store.create("/k/a", "one");
        const updated = await store.update("/k/a", "two", created);
        const deleted = await store.delete("/k/a", updated);
        assert.deepEqual([created, updated, deleted.revision], [start + 1, start + 2, start + 3]);
        assert.equal(await store.currentRevision(), start + 3);
      }));

    test("a create sets createRevision and modRevision to its revision; an update moves only modRevision", () =>
      withStore(openFresh, async (store) => {
        const created = await store.create("/k/a", "one");
        assert.deepEqual(await store.get("/k/a"), { key: "/k/a", value: "one", createRevision: created, modRevision: created });
        const updated = await store.update("/k/a", "two", created);
        assert.deepEqual(await store.get("/k/a"), { key: "/k/a", value: "two", createRevision: created, modRevision: updated });
      }));

    test("a key deleted and created again starts a new createRevision", () =>
      withStore(openFresh, async (store) => {
        const first = await store.create("/k/a", "one");
        await store.delete("/k/a", first);
        const second = await store.create("/k/a", "again");
        assert.deepEqual(await store.get("/k/a"), { key: "/k/a", value: "again", createRevision: second, modRevision: second });
      }));

    test("delete returns the value it removed and the key is gone", () =>
      withStore(openFresh, async (store) => {
        const created = await store.create("/k/a", "one");
        const { revision, prev } = await store.delete("/k/a");
        assert.deepEqual(prev, { key: "/k/a", value: "one", createRevision: created, modRevision: created });
        assert.equal(revision, created + 1);
        assert.equal(await store.get("/k/a"), undefined);
      }));

    test("values are stored verbatim, including unicode and empty strings", () =>
      withStore(openFresh, async (store) => {
        const values = ["", "ünïcødé ✓ 🚀", '{"a":[1,2,{"b":null}]}', "x".repeat(100_000)];
        for (const [i, value] of values.entries()) await store.create(`/v/${i}`, value);
        for (const [i, value] of values.entries()) assert.equal((await store.get(`/v/${i}`))?.value, value);
      }));
  });

  describe("failed writes", () => {
    for (const c of failingWrites) {
      test(c.name, () =>
        withStore(openFresh, async (store) => {
          const rev = await store.create("/k/a", "one");
          await assert.rejects(c.write(store, rev), (error: unknown) => {
            assert.ok(error instanceof c.errorClass, `expected ${c.errorClass.name}, got ${String(error)}`);
            assert.deepEqual(pick(error, Object.keys(c.error(rev))), c.error(rev));
            return true;
          });
        }));
    }

    test("failed writes take no revision and change nothing", () =>
      withStore(openFresh, async (store) => {
        const rev = await store.create("/k/a", "one");
        for (const c of failingWrites) await c.write(store, rev).catch(() => undefined);
        assert.equal(await store.currentRevision(), rev);
        assert.deepEqual(await store.get("/k/a"), { key: "/k/a", value: "one", createRevision: rev, modRevision: rev });
      }));
  });

  describe("concurrent writers", () => {
    test("compare-and-swap increments from many writers at once lose no update", () =>
      withStore(openFresh, async (store) => {
        const start = await store.create("/counter", "0");
        const writers = 8;
        const perWriter = 25;
        let conflicts = 0;
        const increment = async () => {
          for (;;) {
            const current = await store.get("/counter");
            assert.ok(current);
            try {
              return await store.update("/counter", String(Number(current.value) + 1), current.modRevision);
            } catch (error) {
              if (!(error instanceof RevisionMismatchError)) throw error;
              conflicts++;
            }
          }
        };
        const worker = async () => {
          for (let i = 0; i < perWriter; i++) await increment();
        };
        await Promise.all(Array.from({ length: writers }, worker));
        const final = await store.get("/counter");
        assert.equal(final?.value, String(writers * perWriter));
        assert.equal(final?.modRevision, start + writers * perWriter);
        assert.ok(conflicts > 0, "the writers never collided, so compare-and-swap was not exercised");
      }));

    test("concurrent creates of one key: exactly one wins", () =>
      withStore(openFresh, async (store) => {
        const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.create("/once", `writer-${i}`)));
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r) => r.status === "rejected");
        assert.equal(won.length, 1);
        assert.ok(lost.every((r) => r.reason instanceof KeyExistsError));
      }));
  });
}

function pick(value: object, keys: string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, source[key]]));
}
