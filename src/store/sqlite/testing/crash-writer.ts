// Fixture for crash.test.ts: writes to the store in argv[2] forever, printing one JSON line per
// acknowledged write ({op, key, value?, revision}), until it is killed. argv[3] names the round;
// argv[4] "grouped" commits in groups, and then each step also issues a second create at once.
import { openSqliteStore } from "../sqlite-store.js";

const [file = "crash.db", round = "0", commits = "each"] = process.argv.slice(2);
const grouped = commits === "grouped";
const store = await openSqliteStore(file, { commits: grouped ? "grouped" : "each" });

/**
 * Prints the acknowledgement and resolves once it has left the process: a pipe the test reads
 * slowly (a loaded machine) holds back writes in Node's buffer, which a kill -9 then loses, so
 * going on before would let commits run ahead of the acknowledgements the test can see.
 */
function ack(op: string, key: string, revision: number, value?: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`${JSON.stringify({ op, key, value, revision })}\n`, () => resolve()));
}

for (let i = 0; ; i++) {
  const key = `/crash/${round}/${i}`;
  if (grouped) {
    const twin = `/crash/${round}/${i}-twin`;
    // both in one group; each acknowledged as its promise settles, in revision order
    await Promise.all([
      store.create(key, `value-${i}`).then((rev) => ack("put", key, rev, `value-${i}`)),
      store.create(twin, "twin").then((rev) => ack("put", twin, rev, "twin")),
    ]);
  } else {
    await ack("put", key, await store.create(key, `value-${i}`), `value-${i}`);
  }
  if (i % 3 === 0) {
    const counter = await store.get("/crash/counter");
    const value = `${round}:${i}`;
    const revision = counter
      ? await store.update("/crash/counter", value, counter.modRevision)
      : await store.create("/crash/counter", value);
    await ack("put", "/crash/counter", revision, value);
  }
  if (i % 5 === 4) {
    const victim = `/crash/${round}/${i - 1}`;
    await ack("delete", victim, (await store.delete(victim)).revision);
  }
}
