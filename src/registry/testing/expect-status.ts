import assert from "node:assert/strict";
import { StatusError } from "../../api/status.js";

/** Awaits p and checks it failed with a StatusError of this code, reason and (exact) message. */
export async function expectStatus(
  p: Promise<unknown>,
  want: { code: number; reason: string; message?: string | RegExp },
): Promise<StatusError> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof StatusError, `expected a StatusError, got ${String(caught)}`);
  assert.equal(caught.code, want.code, caught.message);
  assert.equal(caught.reason, want.reason, caught.message);
  if (typeof want.message === "string") assert.equal(caught.message, want.message);
  else if (want.message) assert.match(caught.message, want.message);
  return caught;
}
