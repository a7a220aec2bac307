/**
 * Index lists of Indexed Jobs ("1,3-5,7"), parsed as upstream's validateIndexesFormat and
 * parseIndexInterval do, with their error texts.
 */

interface Interval {
  readonly first: number;
  readonly last: number;
}

/** One "x" or "x-y" below completions, or the error text. */
export function parseIndexInterval(text: string, completions: number): Interval | string {
  const limits = text.split("-");
  if (limits.length > 2) {
    return `the fragment ${JSON.stringify(text)} violates the requirement that an index interval can have at most two parts separated by '-'`;
  }
  const first = parseIndex(limits[0]!, completions);
  if (typeof first === "string") return first;
  if (limits.length === 1) return { first, last: first };
  const last = parseIndex(limits[1]!, completions);
  if (typeof last === "string") return last;
  if (first >= last) return `non-increasing order, previous: ${first}, current: ${last}`;
  return { first, last };
}

function parseIndex(text: string, completions: number): number | string {
  if (!/^[+-]?\d+$/.test(text)) return `cannot convert string to integer for index: ${JSON.stringify(text)}`;
  const n = Number(text);
  if (n >= completions) return `too large index: ${JSON.stringify(text)}`;
  return n;
}

/** validateIndexesFormat: the number of indexes listed, or the error text. */
export function countIndexes(text: string, completions: number): number | string {
  if (text.length === 0) return 0;
  let previous: number | undefined;
  let total = 0;
  for (const part of text.split(",")) {
    const interval = parseIndexInterval(part, completions);
    if (typeof interval === "string") return interval;
    if (previous !== undefined && previous >= interval.first) {
      return `non-increasing order, previous: ${previous}, current: ${interval.first}`;
    }
    total += interval.last - interval.first + 1;
    previous = interval.last;
  }
  return total;
}

/** validateFailedIndexesNotOverlapCompleted: the error text when an index is both, else undefined. */
export function indexesOverlap({ completed, failed }: { completed: string; failed: string }, completions: number): string | undefined {
  if (completed.length === 0 || failed.length === 0) return undefined;
  const parse = (list: string[], i: number): Interval | string | undefined => (i < list.length ? parseIndexInterval(list[i]!, completions) : undefined);
  const cs = completed.split(",");
  const fs = failed.split(",");
  let [ci, fi] = [0, 0];
  let c = parse(cs, ci);
  let f = parse(fs, fi);
  while (ci < cs.length && fi < fs.length) {
    // Unparsable intervals are skipped here; the format check reports them.
    if (typeof c === "string" || c === undefined) {
      c = parse(cs, ++ci);
    } else if (typeof f === "string" || f === undefined) {
      f = parse(fs, ++fi);
    } else if (c.first <= f.last && f.first <= c.last) {
      return `failedIndexes and completedIndexes overlap at index: ${Math.max(c.first, f.first)}`;
    } else if (c.first <= f.first) {
      c = parse(cs, ++ci);
    } else {
      f = parse(fs, ++fi);
    }
  }
  return undefined;
}
