/**
 * A deep copy of a JSON-shaped value (objects, arrays, strings, numbers, booleans, null; an
 * undefined property is kept, as structuredClone keeps it). Objects of the API are copied many
 * times a write; a walk over them takes a fifth of structuredClone's time (a Pod: 6-7 against
 * 32-37 us) and makes no buffer.
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = copyJson((value as Record<string, unknown>)[key]);
    // Assigning "__proto__" would set the copy's prototype: a ConfigMap key may be named so.
    if (key === "__proto__") Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}
