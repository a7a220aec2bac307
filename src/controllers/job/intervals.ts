/** One run of consecutive indexes, both ends included. */
export interface Interval {
  readonly first: number;
  readonly last: number;
}

/**
 * upstream's orderedIntervals: sorted, non-overlapping, non-adjacent runs of indexes, the form of
 * status.completedIndexes and status.failedIndexes ("1,3-5,7").
 */
export type Intervals = readonly Interval[];

/** withOrderedIndexes: intervals plus the given indexes (in increasing order). */
export function withIndexes(intervals: Intervals, indexes: readonly number[]): Intervals {
  return mergeIntervals(intervals, indexes.map((i) => ({ first: i, last: i })));
}

/** merge: the union of two interval lists. */
export function mergeIntervals(a: Intervals, b: Intervals): Intervals {
  const result: Interval[] = [];
  const push = (next: Interval): void => {
    const last = result[result.length - 1];
    if (!last || next.first > last.last + 1) result.push({ ...next });
    else if (last.last < next.last) result[result.length - 1] = { first: last.first, last: next.last };
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) push(a[i]!.first < b[j]!.first ? a[i++]! : b[j++]!);
  while (i < a.length) push(a[i++]!);
  while (j < b.length) push(b[j++]!);
  return result;
}

/** How many indexes the intervals hold. */
export function totalIndexes(intervals: Intervals): number {
  return intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function hasIndex(intervals: Intervals | undefined, ix: number): boolean {
  if (!intervals) return false;
  let lo = 0;
  let hi = intervals.length;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    if (intervals[mid]!.last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < intervals.length && intervals[hi]!.first <= ix;
}

/** The text form: runs of three or more as "a-b", two as "a,b". */
export function formatIntervals(intervals: Intervals): string {
  return intervals
    .map(({ first, last }) => (last === first ? `${first}` : last === first + 1 ? `${first},${last}` : `${first}-${last}`))
    .join(",");
}

/**
 * parseIndexesFromString: lenient, as the controller reads its own status: corrupted parts are
 * skipped, indexes at or beyond completions dropped, adjacent runs joined.
 */
export function parseIntervals(text: string | undefined | null, completions: number): Intervals {
  if (!text) return [];
  const result: Interval[] = [];
  for (const part of text.split(",")) {
    const limits = part.split("-");
    const first = atoi(limits[0]!);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const parsed = atoi(limits[1]!);
      if (parsed === undefined) continue;
      last = Math.min(parsed, completions - 1);
    }
    const prev = result[result.length - 1];
    if (prev && prev.last === first - 1) result[result.length - 1] = { first: prev.first, last };
    else result.push({ first, last });
  }
  return result;
}

/** Go's strconv.Atoi for the decimal forms it accepts. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
