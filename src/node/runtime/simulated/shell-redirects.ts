import type { Redirect } from "./shell-syntax.js";
import type { SimFiles } from "./sim-files.js";

/** Where a command's descriptors lead once its redirections are applied. */
export interface CommandStreams {
  out(text: string): void;
  err(text: string): void;
  stdin(): Promise<string>;
  /** Writes what went to files; call once the command has ended. */
  flush(): void;
}

/**
 * Applies `>`, `>>`, `<` and `>&` in order, as sh does: a file is truncated (or created) at
 * once, and gets what the command wrote when flush() is called. Throws SimFileError when a
 * file cannot be opened.
 */
export function applyRedirects(
  redirects: ReadonlyArray<Redirect & { path: string }>,
  base: { out(text: string): void; err(text: string): void; stdin(): Promise<string>; files: SimFiles },
): CommandStreams {
  const outs: Record<number, (text: string) => void> = { 1: base.out, 2: base.err };
  let stdin = base.stdin;
  const pending: Array<() => void> = [];
  for (const redirect of redirects) {
    if (redirect.op === ">&") {
      const from = outs[Number(redirect.path)];
      if (from) outs[redirect.fd] = from;
    } else if (redirect.op === "<") {
      const text = base.files.read(redirect.path);
      stdin = () => Promise.resolve(text);
    } else {
      let written = "";
      base.files.write(redirect.path, "", { append: redirect.op === ">>" });
      outs[redirect.fd] = (text) => (written += text);
      pending.push(() => base.files.write(redirect.path, written, { append: true }));
    }
  }
  return { out: outs[1]!, err: outs[2]!, stdin, flush: () => pending.forEach((write) => write()) };
}
