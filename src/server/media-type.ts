/** One media type or media range from a Content-Type or Accept header. */
export interface MediaType {
  /** "application/json", lower case, without parameters. */
  readonly essence: string;
  readonly params: Readonly<Record<string, string>>;
  /** Accept quality (1 when absent). */
  readonly q: number;
}

export function parseMediaType(text: string): MediaType {
  const [head = "", ...rest] = text.split(";");
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    const k = p.slice(0, eq).trim().toLowerCase();
    params[k] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  const q = params.q === undefined ? 1 : Number(params.q);
  return { essence: head.trim().toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
}

/** The ranges of an Accept header, most preferred first (by q, then by order). */
export function parseAccept(header: string | undefined): MediaType[] {
  if (!header || header.trim() === "") return [];
  const ranges = header
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(parseMediaType)
    .filter((m) => m.q > 0);
  return ranges.map((m, i) => ({ m, i })).sort((a, b) => b.m.q - a.m.q || a.i - b.i).map((x) => x.m);
}
