import { type FieldError, fieldErrorBody, formatFieldErrors } from "./field-errors.js";

/** metav1.StatusReason values used by tinykube. */
export type StatusReason =
  | "BadRequest"
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Invalid"
  | "ServerTimeout"
  | "Timeout"
  | "TooManyRequests"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "InternalError"
  | "Expired"
  | "ServiceUnavailable";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status, the body of every error (and of some successful deletes). */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never> | { resourceVersion?: string; continue?: string };
  status: "Success" | "Failure";
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A group + resource as upstream's schema.GroupResource; prints as "statefulsets.apps". */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/** A group + kind; prints as "StatefulSet.apps". */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export function qualifiedKind(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

/**
 * An API error: a Status that travels as an exception from the registry (or anywhere
 * below the server) to the one place that writes it on the wire.
 */
export class StatusError extends Error {
  constructor(
    readonly status: Status,
    options?: ErrorOptions,
  ) {
    super(status.message ?? status.reason ?? "unknown error", options);
    this.name = "StatusError";
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason | undefined {
    return this.status.reason;
  }
}

function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): StatusError {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

/** Constructors named after upstream's k8s.io/apimachinery/pkg/api/errors. */
export const apiErrors = {
  notFound(gr: GroupResource, name: string): StatusError {
    return failure(404, "NotFound", `${qualifiedResource(gr)} "${name}" not found`, detailsOf(gr, name));
  },
  alreadyExists(gr: GroupResource, name: string): StatusError {
    return failure(409, "AlreadyExists", `${qualifiedResource(gr)} "${name}" already exists`, detailsOf(gr, name));
  },
  /** The 409 for a stale resourceVersion or failed precondition. */
  conflict(gr: GroupResource, name: string, detail: string): StatusError {
    return failure(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${detail}`, detailsOf(gr, name));
  },
  /** The 422 for a list of field errors. */
  invalid(gk: GroupKind, name: string, errs: readonly FieldError[]): StatusError {
    const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
    const details: StatusDetails = { name, kind: gk.kind, causes };
    if (gk.group) details.group = gk.group;
    const message = `${qualifiedKind(gk)} "${name}" is invalid: ${formatFieldErrors(errs)}`;
    return failure(422, "Invalid", message, details);
  },
  forbidden(gr: GroupResource, name: string, detail: string): StatusError {
    const subject = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
    return failure(403, "Forbidden", `${subject} is forbidden: ${detail}`, detailsOf(gr, name));
  },
  badRequest(message: string): StatusError {
    return failure(400, "BadRequest", message);
  },
  unauthorized(message = "Unauthorized"): StatusError {
    return failure(401, "Unauthorized", message);
  },
  methodNotSupported(gr: GroupResource, action: string): StatusError {
    return failure(405, "MethodNotAllowed", `${action} is not supported on resources of kind "${qualifiedResource(gr)}"`, {
      group: gr.group,
      kind: gr.resource,
    });
  },
  /** 410 for a watch or list at a compacted resourceVersion. */
  resourceExpired(message: string): StatusError {
    return failure(410, "Expired", message);
  },
  gone(message: string): StatusError {
    return failure(410, "Gone", message);
  },
  tooLarge(message = "the server has received a request that is too large"): StatusError {
    return failure(413, "RequestEntityTooLarge", `Request entity too large: ${message}`);
  },
  unsupportedMediaType(): StatusError {
    const accepted = "application/json, application/yaml, application/vnd.kubernetes.protobuf";
    return failure(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${accepted}`);
  },
  notAcceptable(message: string): StatusError {
    return failure(406, "NotAcceptable", message);
  },
  timeout(message: string, retryAfterSeconds = 0): StatusError {
    return failure(504, "Timeout", message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
  },
  serviceUnavailable(message: string): StatusError {
    return failure(503, "ServiceUnavailable", message);
  },
  internal(err: unknown): StatusError {
    const message = err instanceof Error ? err.message : String(err);
    return failure(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
} as const;

function detailsOf(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = { name, kind: gr.resource };
  if (gr.group) d.group = gr.group;
  return d;
}

/** Whether err is an API error with the given reason. */
export function isReason(err: unknown, reason: StatusReason): boolean {
  return err instanceof StatusError && err.status.reason === reason;
}

export const isNotFound = (err: unknown): boolean => isReason(err, "NotFound");
export const isAlreadyExists = (err: unknown): boolean => isReason(err, "AlreadyExists");
export const isConflict = (err: unknown): boolean => isReason(err, "Conflict");
export const isInvalid = (err: unknown): boolean => isReason(err, "Invalid");
export const isExpired = (err: unknown): boolean =>
  err instanceof StatusError && err.status.code === 410;
