/**
 * Field errors as upstream's k8s.io/apimachinery/pkg/util/validation/field: validation returns
 * a list of these; the registry turns a non-empty list into one 422 Invalid Status.
 */

export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "InternalError"
  | "FieldValueTypeInvalid";

export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path as upstream prints it: spec.template.spec.containers[0].image, metadata.labels[app]. */
  readonly field: string;
  readonly badValue?: unknown;
  readonly detail?: string;
}

/** A field path built the way upstream's field.Path is: child, index, key. */
export class FieldPath {
  private constructor(private readonly text: string) {}

  static root(name: string): FieldPath {
    return new FieldPath(name);
  }

  child(name: string, ...more: string[]): FieldPath {
    let text = this.text === "" ? name : `${this.text}.${name}`;
    for (const m of more) text = `${text}.${m}`;
    return new FieldPath(text);
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

/** field.NewPath("spec", "template") → spec.template */
export function path(first: string, ...rest: string[]): FieldPath {
  return FieldPath.root([first, ...rest].join("."));
}

type At = FieldPath | string;
const at = (p: At): string => p.toString();

export const fieldErrors = {
  required(p: At, detail = ""): FieldError {
    return { type: "FieldValueRequired", field: at(p), badValue: "", detail };
  },
  invalid(p: At, value: unknown, detail: string): FieldError {
    return { type: "FieldValueInvalid", field: at(p), badValue: value, detail };
  },
  notSupported(p: At, value: unknown, supported: readonly string[]): FieldError {
    const detail = supported.length > 0 ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}` : "";
    return { type: "FieldValueNotSupported", field: at(p), badValue: value, detail };
  },
  forbidden(p: At, detail: string): FieldError {
    return { type: "FieldValueForbidden", field: at(p), badValue: "", detail };
  },
  duplicate(p: At, value: unknown): FieldError {
    return { type: "FieldValueDuplicate", field: at(p), badValue: value, detail: "" };
  },
  notFound(p: At, value: unknown): FieldError {
    return { type: "FieldValueNotFound", field: at(p), badValue: value, detail: "" };
  },
  tooLong(p: At, value: unknown, max: number): FieldError {
    return { type: "FieldValueTooLong", field: at(p), badValue: value, detail: `must have at most ${max} bytes` };
  },
  /** TooLongMaxLength: "may not be longer than N". */
  tooLongMax(p: At, value: unknown, max: number): FieldError {
    return { type: "FieldValueTooLong", field: at(p), badValue: value, detail: `may not be longer than ${max}` };
  },
  tooMany(p: At, actual: number, max: number): FieldError {
    return { type: "FieldValueTooMany", field: at(p), badValue: actual, detail: `must have at most ${max} items` };
  },
  typeInvalid(p: At, value: unknown, detail: string): FieldError {
    return { type: "FieldValueTypeInvalid", field: at(p), badValue: value, detail };
  },
  internal(p: At, err: Error): FieldError {
    return { type: "InternalError", field: at(p), detail: err.message };
  },
} as const;

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
};

/** Types whose message never shows the value (upstream's ErrorBody). */
const valueless = new Set<FieldErrorType>(["FieldValueRequired", "FieldValueForbidden", "FieldValueTooLong", "InternalError"]);

/**
 * A bad value with the text upstream prints for it, for values Go shows in its own syntax: a
 * map or struct as %#v (`map[string]string{"app":"web"}`), a fmt.Stringer bare (`150%`).
 */
export class PrintedValue {
  constructor(
    readonly text: string,
    readonly value: unknown,
  ) {}

  toJSON(): unknown {
    return this.value;
  }
}

/** A bad value upstream leaves out of the message (field.OmitValueType): `Invalid value: <detail>`. */
export const omitValue: unique symbol = Symbol("omitValue");

/** Formats a bad value as Go's %#v-ish printing does in upstream messages: strings quoted, numbers bare. */
export function formatBadValue(value: unknown): string {
  if (value instanceof PrintedValue) return value.text;
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/** The part after "field: ", e.g. `Invalid value: -1: must be greater than or equal to 0`. */
export function fieldErrorBody(e: FieldError): string {
  let s = typeText[e.type];
  if (!valueless.has(e.type) && e.badValue !== omitValue) {
    s += `: ${formatBadValue(e.badValue)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `spec.replicas: Invalid value: -1: must be greater than or equal to 0` */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Joins errors as upstream's ErrorList.ToAggregate: one bare, several in brackets. */
export function formatFieldErrors(errs: readonly FieldError[]): string {
  const unique = [...new Set(errs.map(formatFieldError))];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}
