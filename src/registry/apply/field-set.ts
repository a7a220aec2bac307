/**
 * A set of field paths, as structured-merge-diff's fieldpath.Set and its FieldsV1 encoding.
 * A path is a list of path elements, each written as in FieldsV1:
 *   "f:<name>"           a field of a struct or a key of a map
 *   "k:<json object>"    the item of an associative list with those key fields
 *   "v:<json value>"     the item of a set
 *   "i:<index>"          an item by position
 * At each level the set holds members (paths in the set) and children (sets below a path
 * element); a path can be both, which FieldsV1 writes with a "." entry.
 */

export type PathElement = string;
export type FieldPath = readonly PathElement[];

export class FieldSet {
  private readonly members = new Set<PathElement>();
  private readonly children = new Map<PathElement, FieldSet>();

  /**
   * Adds path (a non-empty path) as a member. Only a set being built is changed: results of
   * union, difference and the like share parts with their operands.
   */
  insert(path: FieldPath): void {
    const last = path.length - 1;
    if (last < 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < last; i++) node = node.child(path[i]!);
    node.members.add(path[last]!);
  }

  /** The set below path, created (empty) where missing: for builders filling a subtree. */
  below(path: FieldPath): FieldSet {
    let node: FieldSet = this;
    for (const pe of path) node = node.child(pe);
    return node;
  }

  /** Adds a member at this level and returns the set below it, for builders (see insert). */
  insertChild(element: PathElement): FieldSet {
    this.members.add(element);
    return this.child(element);
  }

  has(path: FieldPath): boolean {
    const last = path.length - 1;
    if (last < 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < last && node; i++) node = node.children.get(path[i]!);
    return node?.members.has(path[last]!) ?? false;
  }

  /** Whether path is a member or has members below it. */
  touches(path: FieldPath): boolean {
    if (path.length === 0) return !this.isEmpty();
    const [first, ...rest] = path as [PathElement, ...PathElement[]];
    if (rest.length === 0 && this.members.has(first)) return true;
    const child = this.children.get(first);
    return child !== undefined && child.touches(rest);
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  /** The members directly at this level. */
  memberElements(): PathElement[] {
    return sortElements([...this.members]);
  }

  /** The set below a path element, if any. */
  childAt(element: PathElement): FieldSet | undefined {
    return this.children.get(element);
  }

  childElements(): PathElement[] {
    return sortElements([...this.children.keys()]);
  }

  union(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of other.members) out.members.add(m);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      out.children.set(pe, o ? c.union(o) : c);
    }
    for (const [pe, o] of other.children) if (!this.children.has(pe)) out.children.set(pe, o);
    return out;
  }

  /** Members of this that are not members of other, level by level. */
  difference(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    return this.combine(other, (a, b) => a && !b);
  }

  intersection(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && b);
  }

  /** This without every path that other holds or lies below one of other's members. */
  recursiveDifference(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (other.members.has(pe)) continue;
      const o = other.children.get(pe);
      const rest = o ? c.recursiveDifference(o) : c;
      if (!rest.isEmpty()) out.children.set(pe, rest);
    }
    return out;
  }

  /** Every member path: members of a level first, then the levels below, each sorted. */
  paths(prefix: FieldPath = []): PathElement[][] {
    const out: PathElement[][] = this.memberElements().map((m) => [...prefix, m]);
    for (const pe of this.childElements()) out.push(...this.children.get(pe)!.paths([...prefix, pe]));
    return out;
  }

  /** The FieldsV1 JSON of this set. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.writeFieldsV1(out);
    return out;
  }

  static fromFieldsV1(json: unknown): FieldSet {
    const out = new FieldSet();
    if (typeof json !== "object" || json === null || Array.isArray(json)) return out;
    for (const [pe, value] of Object.entries(json)) {
      if (pe === ".") continue;
      const inner = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
      const keys = Object.keys(inner);
      if (keys.length === 0 || keys.includes(".")) out.members.add(pe);
      if (keys.some((k) => k !== ".")) out.children.set(pe, FieldSet.fromFieldsV1(inner));
    }
    return out;
  }

  static of(paths: readonly FieldPath[]): FieldSet {
    const out = new FieldSet();
    for (const p of paths) out.insert(p);
    return out;
  }

  private child(pe: PathElement): FieldSet {
    let c = this.children.get(pe);
    if (!c) {
      c = new FieldSet();
      this.children.set(pe, c);
    }
    return c;
  }

  /** Writes this set's entries into out (a FieldsV1 object being built). */
  private writeFieldsV1(out: Record<string, unknown>): void {
    const elements = [...this.members];
    for (const pe of this.children.keys()) if (!this.members.has(pe)) elements.push(pe);
    for (const pe of sortElements(elements)) {
      const child = this.children.get(pe);
      const member = this.members.has(pe);
      if (child && !child.isEmpty()) {
        // "." first: the order upstream writes a node that is both a member and a parent
        const inner: Record<string, unknown> = member ? { ".": {} } : {};
        child.writeFieldsV1(inner);
        out[pe] = inner;
      } else if (member) {
        out[pe] = {};
      }
    }
  }

  /** This set itself when everything in it is kept: a manager whose fields a change left alone keeps its set (see managers.ts). */
  private combine(other: FieldSet, keep: (inThis: boolean, inOther: boolean) => boolean): FieldSet {
    const out = new FieldSet();
    let same = true;
    for (const m of this.members) {
      if (keep(true, other.members.has(m))) out.members.add(m);
      else same = false;
    }
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      // nothing of other below pe: every member there is kept, or none is
      const rest = o ? c.combine(o, keep) : keep(true, false) ? c : undefined;
      if (rest && !rest.isEmpty()) out.children.set(pe, rest);
      if (rest !== c) same = false;
    }
    return same ? this : out;
  }
}

function sortElements(elements: PathElement[]): PathElement[] {
  return elements.length < 2 ? elements : elements.sort(compareElements);
}

/** Fields before keys before values before indexes, as upstream orders path elements. */
export function compareElements(a: PathElement, b: PathElement): number {
  const ka = kindRank(a.charCodeAt(0));
  const kb = kindRank(b.charCodeAt(0));
  if (ka !== kb) return ka - kb;
  if (ka === indexRank) return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

const charF = "f".charCodeAt(0);
const charK = "k".charCodeAt(0);
const charV = "v".charCodeAt(0);
const charI = "i".charCodeAt(0);
const indexRank = 3;

function kindRank(c: number): number {
  switch (c) {
    case charF:
      return 0;
    case charK:
      return 1;
    case charV:
      return 2;
    case charI:
      return indexRank;
    default:
      return 4;
  }
}

export const fieldElement = (name: string): PathElement => `f:${name}`;
export const valueElement = (value: unknown): PathElement => `v:${JSON.stringify(value)}`;
export const indexElement = (i: number): PathElement => `i:${i}`;

/** The key element of an associative list item: key fields sorted by name. */
export function keyElement(fields: Readonly<Record<string, unknown>>): PathElement {
  const names = Object.keys(fields);
  if (isSorted(names)) return `k:${JSON.stringify(fields)}`;
  const sorted = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `k:${JSON.stringify(sorted)}`;
}

function isSorted(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! >= names[i]!) return false;
  return true;
}

/** A path as upstream prints it in conflicts: .spec.template.spec.containers[name="nginx"].image */
export function formatPath(path: FieldPath): string {
  return path.map(formatElement).join("");
}

function formatElement(pe: PathElement): string {
  const body = pe.slice(2);
  switch (pe[0]) {
    case "f":
      return `.${body}`;
    case "k": {
      const fields = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
    }
    case "v":
      return `[=${body}]`;
    default:
      return `[${body}]`;
  }
}
