import { constants } from "node:os";
import { Writable } from "node:stream";
import type { StopSignal } from "../runtime.js";
import type { ContainerHelper } from "./container-helper.js";
import { decodeExit } from "./helper-protocol.js";
import type { Frame, StartRequest } from "./helper-protocol.js";
import type { MainProcess, MainProcessEvents } from "./main-process.js";

const signalNames = new Map<number, NodeJS.Signals>(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

/** Starts a container's main process through the native helper. */
export function startHelperProcess(helper: ContainerHelper, request: StartRequest, events: MainProcessEvents): MainProcess {
  let pid: number | undefined;
  let exited = false;
  const onFrame = (frame: Frame): void => {
    switch (frame.kind) {
      case "r":
        pid = frame.payload.readUInt32LE(0);
        return events.onRunning(pid);
      case "f":
        return events.onStartFailed(frame.payload.toString());
      case "o":
        return events.onOutput("stdout", frame.payload);
      case "e":
        return events.onOutput("stderr", frame.payload);
      case "x": {
        exited = true;
        const exit = decodeExit(frame.payload);
        return events.onExited(exit.code, exit.signal === null ? null : (signalNames.get(exit.signal) ?? null));
      }
      case "c":
        return events.onClosed();
    }
  };
  const id = helper.start(request, onFrame);
  const stdin = request.stdin
    ? new Writable({
        write: (chunk: Buffer, _encoding, callback) => {
          helper.writeStdin(id, chunk);
          callback();
        },
        final: (callback) => {
          helper.endStdin(id);
          callback();
        },
      })
    : undefined;
  return {
    stdin,
    signal: (signal: StopSignal) => helper.signal(id, constants.signals[signal], { group: false }),
    killAll: () => {
      // Once the helper has reaped the main process it no longer signals it: what is left of its
      // group (outside a PID namespace) is killed from here, as the process group it still is.
      if (!exited) helper.signal(id, constants.signals.SIGKILL, { group: true });
      else if (pid !== undefined) killGroup(pid);
    },
    dropOutput: () => helper.dropOutput(id),
  };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is already empty
  }
}
