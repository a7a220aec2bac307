import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import type { PodStreams, ProcessSession } from "../../api/pod-streams.js";
import { apiErrors } from "../../api/status.js";

/**
 * PodStreams for transport tests: exec runs the command as a local process (as the node
 * agent's process runtime will), logs are fixed text. Pod "missing" does not exist.
 */
export function localPodStreams(logText: string): PodStreams {
  return {
    async log(_ns, pod) {
      if (pod === "missing") throw apiErrors.notFound({ group: "", resource: "pods" }, pod);
      return Readable.from([logText]);
    },
    async exec(_ns, pod, opts) {
      if (pod === "missing") throw apiErrors.notFound({ group: "", resource: "pods" }, pod);
      const child = spawn(opts.command[0]!, opts.command.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
      const exit = new Promise<number>((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (code) => resolve(code ?? 1));
      });
      const session: ProcessSession = {
        stdin: child.stdin,
        stdout: child.stdout,
        stderr: child.stderr,
        resize: () => {},
        exit,
        close: () => child.kill("SIGKILL"),
      };
      return session;
    },
    async attach() {
      throw apiErrors.badRequest("attach is not supported by this fixture");
    },
  };
}
