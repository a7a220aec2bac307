import { isPlainObject } from "../../api/object.js";
import { type Status, StatusError, type StatusReason } from "../../api/status.js";

/** apimachinery's NewGenericServerResponse: reasons and messages for an error answer that carries no Status. */
const generic: Record<number, { reason: StatusReason; message?: string }> = {
  400: { reason: "BadRequest", message: "the server rejected our request for an unknown reason" },
  401: { reason: "Unauthorized", message: "the server has asked for the client to provide credentials" },
  // the server's own text says who may not do what, or which types it takes
  403: { reason: "Forbidden" },
  404: { reason: "NotFound", message: "the server could not find the requested resource" },
  405: { reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource" },
  406: { reason: "NotAcceptable" },
  409: { reason: "Conflict", message: "the server reported a conflict" },
  415: { reason: "UnsupportedMediaType" },
  422: { reason: "Invalid", message: "the server rejected our request due to an error in our request" },
  429: { reason: "TooManyRequests", message: "the server has received too many requests and has asked us to try again later" },
  503: { reason: "ServiceUnavailable", message: "the server is currently unable to handle the request" },
  504: { reason: "Timeout", message: "the server was unable to return a response in the time allotted, but may still be processing the request" },
};

function genericStatus(code: number, method: string, serverMessage: string): Status {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code };
  const known = generic[code];
  if (known) {
    status.reason = code === 409 && method === "POST" ? "AlreadyExists" : known.reason;
    const fallback = code === 406 ? "the server was unable to respond with a content type that the client supports" : serverMessage;
    status.message = known.message ?? (serverMessage === "" || serverMessage === "unknown" ? fallback : serverMessage);
  } else if (code >= 500) {
    status.reason = "InternalError";
    status.message = `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`;
  } else {
    status.message = `the server responded with the status code ${code} but did not return more information`;
  }
  status.details = { causes: [{ reason: "UnexpectedServerResponse", message: serverMessage }] };
  return status;
}

/** A metav1.Status, if value is one (a successful delete's has no code). */
export function asStatus(value: unknown): Status | undefined {
  if (!isPlainObject(value) || value.kind !== "Status" || typeof value.status !== "string") return undefined;
  return value as unknown as Status;
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The error an answer with status code >= 300 stands for: its Status when it has one. */
export function responseError(code: number, method: string, body: Buffer): StatusError {
  const status = asStatus(parse(body));
  return new StatusError(status && typeof status.code === "number" ? status : genericStatus(code, method, body.toString("utf8").trim() || "unknown"));
}

/** A request that got no answer (refused, reset, TLS failure) as the 503 every Client error is a StatusError of. */
export function transportError(what: string, err: unknown): StatusError {
  const message = `${what}: ${err instanceof Error ? err.message : String(err)}`;
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 503, reason: "ServiceUnavailable", message };
  return new StatusError(status, { cause: err });
}

/** The texts of `Warning: 299 - "…"` headers, as client-go's warning handler extracts them. */
export function warningsOf(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const out: string[] = [];
  for (const v of values) {
    for (const m of v.matchAll(/(\d{3}) (\S+) "((?:[^"\\]|\\.)*)"/g)) {
      if (m[1] === "299") out.push((m[3] ?? "").replace(/\\(.)/g, "$1"));
    }
  }
  return out;
}
