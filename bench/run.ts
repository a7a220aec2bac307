// `npm run bench -- --list` lists the scenarios; `npm run bench -- NAME [--duration-ms N]` runs one,
// printing one JSON object per line, the last holding its figures, and saving everything to
// bench/results/NAME-<timestamp>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import type { Scenario } from "./lib/scenario.js";
import { scenarios } from "./scenarios/index.js";

const DEFAULT_DURATION_MS = 10_000;

interface Args {
  list: boolean;
  name?: string;
  durationMs: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { list: false, durationMs: DEFAULT_DURATION_MS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--list") args.list = true;
    else if (arg === "--duration-ms") args.durationMs = Number(argv[++i]);
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else args.name = arg;
  }
  if (!Number.isFinite(args.durationMs) || args.durationMs <= 0) throw new Error("--duration-ms needs a positive number");
  return args;
}

function printList(): void {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  for (const s of scenarios) process.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
}

async function runScenario(scenario: Scenario, durationMs: number): Promise<void> {
  const startedAt = new Date().toISOString();
  const progress: Array<Record<string, unknown>> = [];
  const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const figures = await scenario.run({
    durationMs,
    progress: (fields) => {
      const line = { scenario: scenario.name, ...fields };
      progress.push(line);
      print(line);
    },
  });
  const result = { scenario: scenario.name, ...figures };
  const dir = join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scenario.name}-${startedAt.replace(/[:.]/g, "-")}.json`);
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
  writeFileSync(file, `${JSON.stringify({ startedAt, durationMs, machine, progress, result }, null, 2)}\n`);
  print(result);
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.list || !args.name) {
    printList();
    return args.list ? 0 : 2;
  }
  const scenario = scenarios.find((s) => s.name === args.name);
  if (!scenario) {
    process.stderr.write(`unknown scenario ${args.name}; known: ${scenarios.map((s) => s.name).join(", ")}\n`);
    return 2;
  }
  await runScenario(scenario, args.durationMs);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
