// Fixture for crash.test.ts: writes to the store in argv[2] forever, printing one JSON line per
// acknowledged write ({op, key, value?, revision}), until it is killed. argv[3] names the round;
// argv[4] "grouped" commits in groups, and then each step also issues a second create at once.
import { openSqliteStore } from "../sqlite-store.js";

const [file = "crash.db", round = "0", commits = "each"] = process.argv.slice(2);
const grouped = commits === "grouped";
const store = await openSqliteStore(file, { commits: grouped ? "grouped" : "each" });

function ack(op: string, key: string, revision: number, value?: string): void {
  process.stdout.write(`${JSON.stringify({ op, key, value, revision })}\n`);
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
    ack("put", key, await store.create(key, `value-${i}`), `value-${i}`);
  }
  if (i % 3 === 0) {
    const counter = await store.get("/crash/counter");
    const value = `${round}:${i}`;
    const revision = counter
      ? await store.update("/crash/counter", value, counter.modRevision)
      : await store.create("/crash/counter", value);
    ack("put", "/crash/counter", revision, value);
  }
  if (i % 5 === 4) {
    const victim = `/crash/${round}/${i - 1}`;
    ack("delete", victim, (await store.delete(victim)).revision);
  }
}
