// Terminals without a native pty binding: util-linux `script` runs the command on a new pty and
// copies between it and its own pipes; a resize is `stty -F <that pty>` (the kernel then sends
// SIGWINCH to the foreground process group, as a terminal emulator's resize does).
import { spawnSync } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";
import type { TerminalSize } from "../runtime.js";
import { shellCommandLine, shellQuote } from "./shell-quote.js";

/**
 * argv that runs command under a terminal of the given size. The environment must carry
 * SHELL=/bin/sh for script; the command gets back the SHELL it had (or none).
 */
export function underTerminal(command: readonly string[], options: { script: string; size?: TerminalSize; shell?: string }): string[] {
  const restore = options.shell === undefined ? "unset SHELL; " : `export SHELL=${shellQuote(options.shell)}; `;
  const size = options.size ? `stty rows ${options.size.height} cols ${options.size.width} 2>/dev/null; ` : "";
  return [options.script, "-qfec", `${size}${restore}exec ${shellCommandLine(command)}`, "/dev/null"];
}

/** The pty of the process script started (its child's stdin), once it is there. */
export function terminalOf(scriptPid: number): string | undefined {
  try {
    const child = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, "utf8").trim().split(" ")[0];
    if (!child) return undefined;
    const tty = readlinkSync(`/proc/${child}/fd/0`);
    return tty.startsWith("/dev/pts/") ? tty : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets a terminal's size; best effort (the session may be ending). Synchronous (a few ms, and
 * rare), so that input the client sends after a resize reaches a terminal of the new size.
 */
export function resizeTerminal(tty: string, size: TerminalSize, options: { stty: string }): void {
  spawnSync(options.stty, ["-F", tty, "rows", String(size.height), "cols", String(size.width)], { stdio: "ignore", timeout: 2000 });
}
