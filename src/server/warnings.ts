import type { ResponseHeaders } from "./api-request.js";

/** `299 - "text"`, the warning form kubectl prints as `Warning: text` (quotes and backslashes escaped). */
export function warningHeaderValue(text: string): string {
  return `299 - "${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Adds one Warning header per distinct text, in order. */
export function withWarnings(headers: ResponseHeaders, warnings: readonly string[]): ResponseHeaders {
  const unique = [...new Set(warnings.filter((w) => w !== ""))];
  if (unique.length === 0) return headers;
  return { ...headers, warning: unique.map(warningHeaderValue) };
}
