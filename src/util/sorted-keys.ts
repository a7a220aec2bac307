/** Most objects a write walks have a few keys; past this many, Array.prototype.sort's O(n log n) wins. */
const insertionSortLimit = 24;

/**
 * Object.keys(obj).sort(): the same order (UTF-16 code units), for the few keys of most
 * objects without sort's general machinery, which costs a Pod create's walks several
 * microseconds.
 */
export function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  if (keys.length > insertionSortLimit) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    if (keys[j]! < k) continue;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
  return keys;
}
