import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openServedRegistry } from "../registry/testing/served-registry.js";
import { createApiHandler } from "../server/api-handler.js";
import type { ApiResponse } from "../server/api-request.js";
import { tokenAuthenticator } from "../server/authenticator.js";
import { RealClock } from "../util/clock.js";
import { VirtualClock } from "../util/virtual-clock.js";
import { formatDuration, parseDuration } from "./clock-duration.js";
import { clockEndpoint, clockPath } from "./clock-endpoint.js";
import { saveVirtualClock, virtualClockStart } from "./clock-state.js";

const start = Date.UTC(2026, 0, 2, 3, 4, 5);
const admin = { name: "admin", groups: ["system:masters"] };

async function withHandler(clock: RealClock | VirtualClock, fn: (send: (method: string, body?: unknown, token?: string) => Promise<ApiResponse>) => Promise<void>): Promise<void> {
  const served = await openServedRegistry(start);
  try {
    const handler = createApiHandler({
      registry: served.registry,
      clock,
      authenticator: tokenAuthenticator(new Map([["secret", admin]])),
      extraPaths: new Map([[clockPath, clockEndpoint(clock)]]),
    });
    await fn((method, body, token = "secret") =>
      handler.handle({
        method,
        url: clockPath,
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
      }),
    );
  } finally {
    await served.close();
  }
}

const json = (r: ApiResponse): Record<string, unknown> => JSON.parse(String(r.body)) as Record<string, unknown>;

test("GET reads the clock and says whether it is virtual", async () => {
  await withHandler(new VirtualClock(start), async (send) => {
    const r = await send("GET");
    assert.equal(r.status, 200);
    assert.deepEqual(json(r), { kind: "Clock", now: "2026-01-02T03:04:05.000Z", virtual: true });
  });
});

test("POST advance fires every timer that falls due, in order, and answers once they have all settled", async () => {
  const clock = new VirtualClock(start);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push("b at +2h"), 2 * 3_600_000);
  clock.setTimeout(() => {
    fired.push("a at +1h");
    // Work a timer causes is part of the move, including timers it sets that fall within it.
    clock.setTimeout(() => fired.push("c at +1h30m"), 30 * 60_000);
  }, 3_600_000);
  clock.setTimeout(() => fired.push("d at +25h"), 25 * 3_600_000);
  await withHandler(clock, async (send) => {
    const r = await send("POST", { advance: "24h" });
    assert.equal(r.status, 200);
    const body = json(r);
    assert.equal(body.now, "2026-01-03T03:04:05.000Z");
    assert.equal(body.from, "2026-01-02T03:04:05.000Z");
    assert.equal(typeof body.wallMs, "number");
    assert.deepEqual(fired, ["a at +1h", "c at +1h30m", "b at +2h"]);
    const to = await send("POST", { to: "2026-01-03T04:04:05Z" });
    assert.equal(json(to).now, "2026-01-03T04:04:05.000Z");
    assert.deepEqual(fired.at(-1), "d at +25h");
  });
});

test("moves that cannot be made are refused with the reason", async () => {
  const cases: Array<{ name: string; clock: () => RealClock | VirtualClock; body: unknown; message: string }> = [
    { name: "a real clock", clock: () => new RealClock(), body: { advance: "1h" }, message: "the clock is real and cannot be moved: start tinykube with `tinykube up --clock virtual`" },
    { name: "a time before now", clock: () => new VirtualClock(start), body: { to: "2026-01-01T00:00:00Z" }, message: "the clock only moves forward: 2026-01-01T00:00:00Z is before now (2026-01-02T03:04:05.000Z)" },
    { name: "a duration Go would not parse", clock: () => new VirtualClock(start), body: { advance: "1 day" }, message: 'time: unknown unit " day" in duration "1 day"' },
    { name: "both a duration and a time", clock: () => new VirtualClock(start), body: { advance: "1h", to: "2027-01-01T00:00:00Z" }, message: "a clock move gives exactly one of advance or to" },
    { name: "not a time", clock: () => new VirtualClock(start), body: { to: "tomorrow" }, message: 'not an RFC 3339 time: "tomorrow"' },
  ];
  for (const c of cases) {
    await withHandler(c.clock(), async (send) => {
      const r = await send("POST", c.body);
      assert.equal(r.status, 400, c.name);
      assert.equal(json(r).message, c.message, c.name);
    });
  }
});

test("the clock is behind the API server's authentication", async () => {
  await withHandler(new VirtualClock(start), async (send) => {
    assert.equal((await send("POST", { advance: "1h" }, "wrong")).status, 401);
    assert.equal((await send("GET", undefined, "wrong")).status, 401);
  });
});

test("durations read and print as Go's", () => {
  const cases: Array<[string, number, string]> = [
    ["24h", 86_400_000, "24h0m0s"],
    ["1h30m", 5_400_000, "1h30m0s"],
    ["90s", 90_000, "1m30s"],
    ["1.5s", 1_500, "1.5s"],
    ["250ms", 250, "250ms"],
    ["0", 0, "0s"],
  ];
  for (const [text, ms, printed] of cases) {
    assert.equal(parseDuration(text), ms, text);
    assert.equal(formatDuration(ms), printed, text);
  }
  assert.throws(() => parseDuration("24"), { message: 'time: missing unit in duration "24"' });
  assert.throws(() => parseDuration("-1h"), { message: 'the clock only moves forward: "-1h" is negative' });
});

test("a virtual clock resumes after a restart where its last move left it, or at the wall clock if that is later", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tinykube-clock-"));
  try {
    assert.equal(virtualClockStart(dir, start), start, "nothing saved yet: the wall clock");
    const clock = new VirtualClock(start);
    const moved: number[] = [];
    const endpoint = clockEndpoint(clock, { onMoved: (ms) => { moved.push(ms); saveVirtualClock(dir, ms); } });
    await endpoint({ method: "POST", url: clockPath, headers: {}, body: Buffer.from('{"advance":"24h"}') });
    assert.deepEqual(moved, [start + 86_400_000]);
    assert.equal(virtualClockStart(dir, start + 1000), start + 86_400_000, "a restart an instant later resumes a day ahead");
    assert.equal(virtualClockStart(dir, start + 2 * 86_400_000), start + 2 * 86_400_000, "the wall clock, once it is ahead");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
