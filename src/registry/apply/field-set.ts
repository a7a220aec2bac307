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

  /** Adds path (a non-empty path) as a member. */
  insert(path: FieldPath): void {
    if (path.length === 0) return;
    const [first, ...rest] = path as [PathElement, ...PathElement[]];
    if (rest.length === 0) this.members.add(first);
    else this.child(first).insert(rest);
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    const [first, ...rest] = path as [PathElement, ...PathElement[]];
    if (rest.length === 0) return this.members.has(first);
    return this.children.get(first)?.has(rest) ?? false;
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
    return this.members.size === 0 && [...this.children.values()].every((c) => c.isEmpty());
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
    const out = this.copy();
    for (const m of other.members) out.members.add(m);
    for (const [pe, c] of other.children) out.children.set(pe, out.children.get(pe)?.union(c) ?? c.copy());
    return out;
  }

  /** Members of this that are not members of other, level by level. */
  difference(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && !b);
  }

  intersection(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && b);
  }

  /** This without every path that other holds or lies below one of other's members. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (other.members.has(pe)) continue;
      const o = other.children.get(pe);
      const rest = o ? c.recursiveDifference(o) : c.copy();
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
    const elements = sortElements([...new Set([...this.members, ...this.children.keys()])]);
    for (const pe of elements) {
      const child = this.children.get(pe);
      const inner = child && !child.isEmpty() ? child.toFieldsV1() : {};
      const member = this.members.has(pe);
      if (Object.keys(inner).length === 0) {
        if (member) out[pe] = {};
      } else {
        out[pe] = member ? { ".": {}, ...inner } : inner;
      }
    }
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

  private copy(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [pe, c] of this.children) out.children.set(pe, c.copy());
    return out;
  }

  private combine(other: FieldSet, keep: (inThis: boolean, inOther: boolean) => boolean): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (keep(true, other.members.has(m))) out.members.add(m);
    for (const [pe, c] of this.children) {
      const rest = c.combine(other.children.get(pe) ?? new FieldSet(), keep);
      if (!rest.isEmpty()) out.children.set(pe, rest);
    }
    return out;
  }
}

const kindOrder: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Fields before keys before values before indexes, as upstream orders path elements. */
function sortElements(elements: PathElement[]): PathElement[] {
  return elements.sort((a, b) => {
    const ka = kindOrder[a[0] ?? ""] ?? 4;
    const kb = kindOrder[b[0] ?? ""] ?? 4;
    if (ka !== kb) return ka - kb;
    if (a[0] === "i") return Number(a.slice(2)) - Number(b.slice(2));
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

export const fieldElement = (name: string): PathElement => `f:${name}`;
export const valueElement = (value: unknown): PathElement => `v:${JSON.stringify(value)}`;
export const indexElement = (i: number): PathElement => `i:${i}`;

/** The key element of an associative list item: key fields sorted by name. */
export function keyElement(fields: Readonly<Record<string, unknown>>): PathElement {
  const sorted = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `k:${JSON.stringify(sorted)}`;
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
