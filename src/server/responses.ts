import { apiErrors, type Status, StatusError } from "../api/status.js";
import type { ApiResponse, ResponseHeaders } from "./api-request.js";

const jsonType = "application/json";

/** A complete JSON response. */
export function jsonResponse(status: number, value: unknown, headers: ResponseHeaders = {}): ApiResponse {
  return { status, headers: { "content-type": jsonType, ...headers }, body: JSON.stringify(value) };
}

/** A plain-text response (logs, health checks). */
export function textResponse(status: number, text: string, headers: ResponseHeaders = {}): ApiResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body: text };
}

/**
 * The one place an error becomes a response: a StatusError is written as its Status with
 * its code; anything else is a bug or an unexpected failure, written as a 500 InternalError.
 */
export function errorResponse(err: unknown, headers: ResponseHeaders = {}): ApiResponse {
  const status = statusOf(err);
  return jsonResponse(status.code, status, headers);
}

/** The metav1.Status an error is written as (also used for watch ERROR events). */
export function statusOf(err: unknown): Status {
  if (err instanceof StatusError) return err.status;
  return apiErrors.internal(err).status;
}

function failure(code: number, reason: Status["reason"], message: string, details?: Status["details"]): StatusError {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

/**
 * Path errors as upstream writes them: a path no API serves goes to its NotFoundHandler (no
 * details); a path under a served group-version that matches no route, or a method no route
 * takes, is go-restful's service error turned into a generic response (empty details).
 */
export const pathErrors = {
  notFound(): StatusError {
    return failure(404, "NotFound", "the server could not find the requested resource");
  },
  noRoute(): StatusError {
    return failure(404, "NotFound", "the server could not find the requested resource", {});
  },
  methodNotAllowed(): StatusError {
    return failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {});
  },
  notAcceptable(): StatusError {
    const types = "application/json, application/yaml, application/vnd.kubernetes.protobuf";
    return failure(406, "NotAcceptable", `only the following media types are accepted: ${types}`);
  },
} as const;
