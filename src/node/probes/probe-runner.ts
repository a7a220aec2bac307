import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { HTTPGetAction, Probe, TCPSocketAction } from "kubernetes-types/core/v1.js";
import type { Clock } from "../../util/clock.js";
import type { Container as RuntimeContainer } from "../runtime/runtime.js";

export type ProbeResult = "success" | "failure";

export interface ProbeOutcome {
  readonly result: ProbeResult;
  /** What the kubelet puts after "<Type> probe failed: " (a command's output, an HTTP status…). */
  readonly output: string;
}

export interface ProbeTarget {
  /** The container to exec in. */
  readonly container: RuntimeContainer;
  /** The address httpGet and tcpSocket probes reach when they name no host. */
  readonly podIP: string;
  /** Ports by name, for probes that name a port. */
  readonly namedPorts: ReadonlyMap<string, number>;
  readonly clock: Clock;
  /**
   * Whether network probes can reach anything: the simulated runtime runs no servers, so its
   * httpGet and tcpSocket probes succeed without connecting.
   */
  readonly network: boolean;
}

/** The kubelet's probe User-Agent (major.minor of the version it reports). */
const userAgent = "kube-probe/1.32";
/** Upstream reads at most 10 KiB of a probe's response body. */
const maxBody = 10 * 1024;

/** Runs one probe once: exec, httpGet, tcpSocket (gRPC probes are not supported and fail). */
export function runProbe(probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) return execProbe(probe.exec.command ?? [], target, timeoutMs);
  if (probe.httpGet) return target.network ? httpProbe(probe.httpGet, target, timeoutMs) : ok();
  if (probe.tcpSocket) return target.network ? tcpProbe(probe.tcpSocket, target, timeoutMs) : ok();
  return Promise.resolve({ result: "failure", output: "gRPC probes are not supported by tinykube" });
}

const ok = (): Promise<ProbeOutcome> => Promise.resolve({ result: "success", output: "" });

/** Races work against the probe's timeout on the clock. */
function withTimeout<T>(work: Promise<T>, o: { clock: Clock; ms: number; onTimeout: () => T }): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    const timer = o.clock.setTimeout(() => {
      if (done) return;
      done = true;
      resolve(o.onTimeout());
    }, o.ms);
    void work.then((v) => {
      if (done) return;
      done = true;
      timer.cancel();
      resolve(v);
    });
  });
}

async function execProbe(command: readonly string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  let close = (): void => {};
  const work = (async (): Promise<ProbeOutcome> => {
    try {
      const session = await target.container.exec({ command, stdin: false, stdout: true, stderr: true, tty: false });
      close = () => session.close();
      const chunks: Buffer[] = [];
      session.stdout?.on("data", (c: Buffer) => chunks.push(c));
      session.stderr?.on("data", (c: Buffer) => chunks.push(c));
      const code = await session.exit;
      return { result: code === 0 ? "success" : "failure", output: Buffer.concat(chunks).toString() };
    } catch (err) {
      return { result: "failure", output: err instanceof Error ? err.message : String(err) };
    }
  })();
  return withTimeout(work, {
    clock: target.clock,
    ms: timeoutMs,
    onTimeout: () => {
      close();
      return { result: "failure", output: `command ${JSON.stringify(command.join(" "))} timed out` };
    },
  });
}

function portOf(port: number | string, target: ProbeTarget): number {
  return typeof port === "number" ? port : (target.namedPorts.get(port) ?? (Number(port) || 0));
}

function httpProbe(action: HTTPGetAction, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const scheme = (action.scheme ?? "HTTP").toLowerCase();
  const host = action.host || target.podIP;
  const port = portOf(action.port, target);
  const path = action.path ? (action.path.startsWith("/") ? action.path : `/${action.path}`) : "/";
  const url = `${scheme}://${host}:${port}${path}`;
  const headers: Record<string, string> = { "User-Agent": userAgent, Accept: "*/*" };
  for (const h of action.httpHeaders ?? []) headers[h.name] = h.value;
  let abort = (): void => {};
  const work = new Promise<ProbeOutcome>((resolve) => {
    const send = scheme === "https" ? httpsRequest : request;
    const req = send(url, { method: "GET", headers, rejectUnauthorized: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => {
        if (body.length < maxBody) body += c.toString().slice(0, maxBody - body.length);
      });
      res.on("end", () => resolve(httpVerdict(res.statusCode ?? 0, body)));
      res.on("error", () => resolve(httpVerdict(res.statusCode ?? 0, body)));
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve({ result: "failure", output: `Get ${JSON.stringify(url)}: ${dialError(host, port, err)}` }));
    abort = () => req.destroy();
    req.end();
  });
  return withTimeout(work, {
    clock: target.clock,
    ms: timeoutMs,
    onTimeout: () => {
      abort();
      return { result: "failure", output: `Get ${JSON.stringify(url)}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
    },
  });
}

/** 2xx is success; 3xx is a warning, which counts as success; anything else fails. */
function httpVerdict(status: number, body: string): ProbeOutcome {
  if (status >= 200 && status < 300) return { result: "success", output: body };
  if (status >= 300 && status < 400) return { result: "success", output: `Probe terminated redirects, Response body: ${body}` };
  return { result: "failure", output: `HTTP probe failed with statuscode: ${status}` };
}

/** A connection error as Go's net package words it. */
function dialError(host: string, port: number, err: NodeJS.ErrnoException): string {
  const what: Record<string, string> = { ECONNREFUSED: "connect: connection refused", EHOSTUNREACH: "connect: no route to host", ECONNRESET: "read: connection reset by peer" };
  return `dial tcp ${host}:${port}: ${what[err.code ?? ""] ?? err.message}`;
}

function tcpProbe(action: TCPSocketAction, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const host = action.host || target.podIP;
  const port = portOf(action.port, target);
  let abort = (): void => {};
  const work = new Promise<ProbeOutcome>((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve({ result: "success", output: "" });
    });
    socket.on("error", (err: NodeJS.ErrnoException) => resolve({ result: "failure", output: dialError(host, port, err) }));
    abort = () => socket.destroy();
  });
  return withTimeout(work, {
    clock: target.clock,
    ms: timeoutMs,
    onTimeout: () => {
      abort();
      return { result: "failure", output: `dial tcp ${host}:${port}: i/o timeout` };
    },
  });
}
