/**
 * An applied configuration merged into the live object (upstream's TypedValue.Merge): the
 * configuration wins on leaves and atomic values, granular objects merge member by member,
 * and keyed lists merge item by item, new items after the live ones.
 */
import { clone, isPlainObject } from "../../api/object.js";
import { isItemized, liveItemElement, memberType } from "./ssa-type.js";
import type { SsaType } from "./ssa-type.js";

export function merge(lhs: unknown, rhs: unknown, type: SsaType): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || lhs === null) return dropNulls(clone(rhs), type);
  if (isItemized(type) && Array.isArray(lhs) && Array.isArray(rhs)) return mergeItems(lhs, rhs, type);
  if ((type.kind === "struct" || type.kind === "map" || type.kind === "deduced") && isPlainObject(lhs) && isPlainObject(rhs)) {
    const out: Record<string, unknown> = { ...lhs };
    for (const [k, v] of Object.entries(rhs)) {
      const merged = merge(lhs[k], v, memberType(type, k) ?? { kind: "deduced" });
      if (merged === null && type.kind !== "deduced") delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  return dropNulls(clone(rhs), type);
}

/** Null members of typed objects become absent, as upstream's conversion to Go types makes them. */
function dropNulls(value: unknown, type: SsaType): unknown {
  if (isItemized(type) && type.kind === "associative" && Array.isArray(value)) return value.map((v) => dropNulls(v, type.item));
  if ((type.kind === "struct" || type.kind === "map") && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === null) delete value[k];
      else value[k] = dropNulls(v, memberType(type, k) ?? { kind: "deduced" });
    }
  }
  return value;
}

/**
 * upstream's mergingWalker.visitListItems: the live order, with items both sides have moved
 * to the configuration's order and items only the configuration has placed after the live
 * items before them.
 */
function mergeItems(lhs: unknown[], rhs: unknown[], type: SsaType & { kind: "associative" | "set" }): unknown[] {
  const itemType: SsaType = type.kind === "associative" ? type.item : { kind: "leaf" };
  const lpe = lhs.map((v, i) => liveItemElement(type, v, i));
  const rpe = rhs.map((v, i) => liveItemElement(type, v, i));
  const lhsBy = new Map(lpe.map((pe, i) => [pe, lhs[i]]));
  const rhsBy = new Map(rpe.map((pe, i) => [pe, rhs[i]]));
  const shared = rpe.filter((pe) => lhsBy.has(pe));
  let nextShared = shared.shift();
  const merged = new Set<string>();
  const out: unknown[] = [];
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    if (l < lhs.length && r < rhs.length) {
      const pe = lpe[l]!;
      if (pe === rpe[r]) {
        merged.add(pe);
        out.push(merge(lhsBy.get(pe), rhsBy.get(pe), itemType));
        l++;
        r++;
        nextShared = shared.shift();
        continue;
      }
      if (rhsBy.has(pe) && nextShared !== undefined && nextShared !== pe) {
        l++;
        continue;
      }
    }
    if (l < lhs.length) {
      const pe = lpe[l]!;
      if (!rhsBy.has(pe)) {
        out.push(lhs[l]);
        l++;
        continue;
      }
      if (merged.has(pe)) {
        l++;
        continue;
      }
    }
    if (r < rhs.length) {
      const pe = rpe[r]!;
      merged.add(pe);
      out.push(merge(lhsBy.get(pe), rhsBy.get(pe), itemType));
      r++;
      if (nextShared === pe) nextShared = shared.shift();
    }
  }
  return out;
}
