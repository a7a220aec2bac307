/** kubectl output as lines without trailing blanks, the AGE-like cells ("0s", "12s", "3m4s") made "<age>". */
export function tableLines(stdout: string): string[] {
  return stdout
    .trimEnd()
    .split("\n")
    .map((l) => l.replace(/(?<=\s)(\d+[smhd])+(?=\s|$)/g, "<age>").trimEnd());
}

/** Splits a table row into its cells (two or more spaces apart, as kubectl's tabwriter pads). */
export function cells(line: string): string[] {
  return line.trim().split(/\s{2,}/);
}
