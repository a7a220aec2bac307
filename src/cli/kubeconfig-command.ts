// `tinykube kubeconfig [--data-dir DIR]`: prints the kubeconfig the last `up` on that data directory wrote.
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CommandLineError } from "./command-line-error.js";
import { dataDirLayout, defaultDataDir } from "./data-dir.js";

export const kubeconfigUsage = `Usage: tinykube kubeconfig [--data-dir DIR]

Prints the kubeconfig of the tinykube using DIR (default ~/.tinykube), as its last \`up\` wrote it.
`;

export async function run(argv: readonly string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: [...argv], strict: true, options: { "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } } }).values;
  } catch (err) {
    throw new CommandLineError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  if (values.help) {
    process.stdout.write(kubeconfigUsage);
    return 0;
  }
  const { kubeconfigFile, dir } = dataDirLayout(values["data-dir"] ?? defaultDataDir());
  if (!existsSync(kubeconfigFile)) {
    process.stderr.write(`tinykube kubeconfig: no kubeconfig in ${dir}: run \`tinykube up --data-dir ${dir}\` first\n`);
    return 1;
  }
  process.stdout.write(readFileSync(kubeconfigFile, "utf8"));
  return 0;
}
