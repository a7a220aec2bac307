/**
 * kubectl's table output as rows of cells joined by " | " (cells are two or more spaces apart),
 * with age-like cells ("0s", "12s", "3m4s", "331d") made "<age>": what the server computed,
 * not how kubectl padded it. Blank lines stay blank.
 */
export function tableRows(stdout: string): string[] {
  return stdout
    .trimEnd()
    .split("\n")
    .map((l) => cells(l).map((c) => (/^(\d+[smhdy])+$/.test(c) ? "<age>" : c)).join(" | "));
}

/** Splits a table row into its cells (two or more spaces apart, as kubectl's tabwriter pads). */
export function cells(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === "" ? [] : trimmed.split(/\s{2,}/);
}
