import type { KeyRow, RangeParams, Statements } from "./statements.js";

/**
 * The keys in range as they were at revision rev, in key order, at most params.limit of
 * them (negative: all). A key not written since rev is as it is now; a key written since
 * had, at rev, the value its first later write replaced, or did not exist if that write
 * created it. Each side is read in key order with the limit, then merged, so a page
 * costs its size plus a scan of the writes since rev, not a read of the whole range.
 */
export function listAtRevision(statements: Statements, params: RangeParams & { rev: number }): KeyRow[] {
  const unchanged = statements.listUnchanged.all(params);
  const changed = statements.listChanged.all(params);
  const rows: KeyRow[] = [];
  const wanted = params.limit >= 0 ? params.limit : unchanged.length + changed.length;
  let i = 0;
  let j = 0;
  while (rows.length < wanted && (i < unchanged.length || j < changed.length)) {
    const a = unchanged[i];
    const b = changed[j];
    if (a && (!b || a.key < b.key)) {
      rows.push(a);
      i++;
    } else {
      rows.push(b!);
      j++;
    }
  }
  return rows;
}
