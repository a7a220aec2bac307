// Entry point of bin/tinykube: picks the command and loads only that command's code, so
// `tinykube up` does not pay for what other commands import.
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** What every command module exports. */
export interface Command {
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/** One line per command (its module is src/cli/<name>-command.ts): adding a command is adding a line. */
const commands: Record<string, { readonly summary: string; readonly module: string }> = {
  up: { summary: "start the API server and controllers", module: "up-command" },
  node: { summary: "join this machine to API servers as a node that runs pods", module: "node-command" },
  kubeconfig: { summary: "print the kubeconfig of a data directory", module: "kubeconfig-command" },
  clock: { summary: "read or move the (virtual) clock of the current context's tinykube", module: "clock-command" },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`);
  return ["Usage: tinykube COMMAND [options]", "", "Commands:", ...lines, "", "Run 'tinykube COMMAND --help' for a command's options."].join("\n");
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * The command's module: scripts/build.mjs's bundle (dist/cli-bundle) when it is at least as new
 * as this file, so a later plain tsc build is never shadowed by an old bundle; else dist/cli.
 */
async function load(module: string): Promise<Command> {
  const bundled = new URL(`../cli-bundle/${module}.js`, import.meta.url);
  const fresh = mtime(fileURLToPath(bundled)) >= mtime(fileURLToPath(import.meta.url));
  const mod: unknown = await import(fresh ? bundled.href : `./${module}.js`);
  if (typeof mod !== "object" || mod === null || typeof (mod as Partial<Command>).run !== "function") {
    throw new Error(`command module ${module} exports no run()`);
  }
  return mod as Command;
}

function exitCodeOf(err: unknown): number {
  const code = typeof err === "object" && err !== null ? (err as { exitCode?: unknown }).exitCode : undefined;
  return typeof code === "number" ? code : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`tinykube: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await load(command.module)).run(rest);
  } catch (err) {
    process.stderr.write(`tinykube ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitCodeOf(err);
  }
}

process.exitCode = await main(process.argv.slice(2));
