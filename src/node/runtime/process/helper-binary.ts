// The native helper is built from its C source with the machine's C compiler the first time a
// runtime needs it, into a cache directory, named after a hash of the source (so an edited
// source is rebuilt and several processes share one build). No compiler, no source, or a failed
// build: the runtime falls back to chains of util-linux programs (setup-script.ts).
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { access, chmod, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { constants } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { findProgram } from "./host-support.js";

const SOURCE = "container-helper.c";

export type HelperBinary = { readonly path: string } | { readonly unavailable: string };

export interface HelperBinaryOptions {
  /** Where builds are kept; default `$XDG_CACHE_HOME/tinykube` or `~/.cache/tinykube`. */
  readonly cacheDir?: string;
  /** The C source; default native/container-helper.c beside this module (or its src/ twin under dist/). */
  readonly source?: string;
}

const builds = new Map<string, Promise<HelperBinary>>();

/** The helper's executable, built once per source and cache directory (concurrent callers share the build). */
export function helperBinary(options: HelperBinaryOptions = {}): Promise<HelperBinary> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = `${cacheDir}\0${options.source ?? ""}`;
  let build = builds.get(key);
  if (!build) {
    build = buildHelper(cacheDir, options.source).catch((error: unknown) => ({ unavailable: errorText(error) }));
    builds.set(key, build);
  }
  return build;
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "tinykube");
}

async function buildHelper(cacheDir: string, sourceOption: string | undefined): Promise<HelperBinary> {
  if (process.platform !== "linux") return { unavailable: `no native helper on ${process.platform}` };
  const source = sourceOption ?? (await findSource());
  if (!source) return { unavailable: `${SOURCE} not found beside the runtime` };
  const text = await readFile(source);
  const hash = createHash("sha256").update(text).update(process.arch).digest("hex").slice(0, 16);
  const path = join(cacheDir, `container-helper-${hash}`);
  if (await isExecutable(path)) return { path };
  const compiler = findProgram("cc") ?? findProgram("gcc") ?? findProgram("clang");
  if (!compiler) return { unavailable: "no C compiler (cc, gcc or clang) to build the native helper" };
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  // Built under a name of its own, then renamed: another process may be building the same one.
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await run(compiler, ["-O2", "-o", temporary, source]);
    await chmod(temporary, 0o700);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  return { path };
}

async function findSource(): Promise<string | undefined> {
  // Beside this module under src/; under dist/ (tsc copies no C) or a bundle of it, in the src/ of
  // the nearest directory above that has one.
  const candidates = [join(import.meta.dirname, "native", SOURCE)];
  for (let dir = import.meta.dirname, depth = 0; depth < 8; dir = dirname(dir), depth++) {
    candidates.push(join(dir, "src", "node", "runtime", "process", "native", SOURCE));
    if (dirname(dir) === dir) break;
  }
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.R_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    const s = await stat(path);
    return s.isFile() && (s.mode & 0o100) !== 0;
  } catch {
    return false;
  }
}

function run(program: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(" ")}: ${stderr.trim() || error.message}`, { cause: error }));
      else resolve();
    });
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
