// The server side of `tinykube clock`: a non-Kubernetes path on the API server, behind the same
// authentication, that reads the clock and moves a virtual one.
import { isPlainObject } from "../api/object.js";
import { apiErrors } from "../api/status.js";
import type { ApiRequest, ApiResponse } from "../server/api-request.js";
import { jsonResponse } from "../server/responses.js";
import type { Clock } from "../util/clock.js";
import { VirtualClock } from "../util/virtual-clock.js";
import { parseDuration } from "./clock-duration.js";

export const clockPath = "/tinykube/clock";

/** What GET and POST answer. */
export interface ClockState {
  readonly kind: "Clock";
  /** RFC 3339 with milliseconds, UTC. */
  readonly now: string;
  readonly virtual: boolean;
  /** After a move: where it started (RFC 3339). */
  readonly from?: string;
  /** After a move: the wall-clock milliseconds it took to fire everything due and settle. */
  readonly wallMs?: number;
}

/** A move of the clock, as POSTed: exactly one of advance (a Go duration) or to (an RFC 3339 time). */
export interface ClockMove {
  readonly advance?: string;
  readonly to?: string;
}

export type PathHandler = (req: ApiRequest) => Promise<ApiResponse>;

export interface ClockEndpointOptions {
  /** Told the time a move reached (the wiring remembers it across restarts). */
  readonly onMoved?: (ms: number) => void;
}

/**
 * GET reads the clock; POST {"advance":"24h"} or {"to":"2026-01-02T00:00:00Z"} moves a virtual one,
 * answering once every timer that fell due has fired and the system is quiet at the new time.
 * Moves are taken one at a time, in the order they arrive.
 */
export function clockEndpoint(clock: Clock, options: ClockEndpointOptions = {}): PathHandler {
  let moves: Promise<unknown> = Promise.resolve();
  return async (req) => {
    if (req.method === "GET" || req.method === "HEAD") return jsonResponse(200, state(clock));
    if (req.method !== "POST") throw apiErrors.methodNotSupported({ group: "", resource: "clock" }, req.method.toLowerCase());
    if (!(clock instanceof VirtualClock)) {
      throw apiErrors.badRequest("the clock is real and cannot be moved: start tinykube with `tinykube up --clock virtual`");
    }
    const target = targetOf(decodeMove(req.body), clock.now());
    const move = moves.then(async () => {
      const from = new Date(clock.now()).toISOString();
      const started = performance.now();
      await clock.advanceTo(Math.max(target, clock.now()));
      options.onMoved?.(clock.now());
      return { from, wallMs: Math.round(performance.now() - started) };
    });
    moves = move.catch(() => {});
    const moved = await move;
    return jsonResponse(200, { ...state(clock), ...moved });
  };
}

function state(clock: Clock): ClockState {
  return { kind: "Clock", now: new Date(clock.now()).toISOString(), virtual: clock instanceof VirtualClock };
}

function decodeMove(body: Uint8Array | undefined): ClockMove {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(body ?? new Uint8Array()).toString("utf8"));
  } catch {
    throw apiErrors.badRequest('a clock move is JSON: {"advance":"24h"} or {"to":"2026-01-02T00:00:00Z"}');
  }
  if (!isPlainObject(v)) throw apiErrors.badRequest("a clock move is a JSON object");
  const move: { advance?: string; to?: string } = {};
  if (typeof v.advance === "string") move.advance = v.advance;
  if (typeof v.to === "string") move.to = v.to;
  if ((move.advance === undefined) === (move.to === undefined)) throw apiErrors.badRequest("a clock move gives exactly one of advance or to");
  return move;
}

/** The instant a move aims at; a time before now is refused, since time never runs backwards. */
export function targetOf(move: ClockMove, now: number): number {
  if (move.advance !== undefined) {
    try {
      return now + parseDuration(move.advance);
    } catch (err) {
      throw apiErrors.badRequest(err instanceof Error ? err.message : String(err));
    }
  }
  const to = rfc3339Ms(move.to ?? "");
  if (to === undefined) throw apiErrors.badRequest(`not an RFC 3339 time: ${JSON.stringify(move.to)}`);
  if (to < now) throw apiErrors.badRequest(`the clock only moves forward: ${move.to} is before now (${new Date(now).toISOString()})`);
  return to;
}

const rfc3339Pattern = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function rfc3339Ms(text: string): number | undefined {
  if (!rfc3339Pattern.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
