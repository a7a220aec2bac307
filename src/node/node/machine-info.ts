import { readFileSync, statfsSync } from "node:fs";
import { arch, cpus, hostname, platform, release, totalmem } from "node:os";

/** What the kubelet learns of its machine (cAdvisor's MachineInfo and the node's identity). */
export interface MachineInfo {
  readonly hostname: string;
  readonly cpuCores: number;
  readonly memoryBytes: number;
  /** Size of the filesystem holding the data directory. */
  readonly ephemeralStorageBytes: number;
  readonly machineID: string;
  readonly systemUUID: string;
  readonly bootID: string;
  readonly kernelVersion: string;
  readonly osImage: string;
  readonly operatingSystem: string;
  /** GOARCH spelling: amd64, arm64, arm. */
  readonly architecture: string;
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

function osImage(): string {
  const text = readTrimmed("/etc/os-release") ?? "";
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
  return pretty?.[1] ?? `${platform()} ${release()}`;
}

const goArch: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x" };

/** Reads this machine's facts, with harmless fallbacks where a file cannot be read. */
export function readMachineInfo(dataDir: string): MachineInfo {
  let storage = 0;
  try {
    const fs = statfsSync(dataDir);
    storage = fs.blocks * fs.bsize;
  } catch {
    storage = 0;
  }
  const machineID = readTrimmed("/etc/machine-id") ?? "";
  return {
    hostname: hostname().toLowerCase(),
    cpuCores: cpus().length || 1,
    memoryBytes: totalmem(),
    ephemeralStorageBytes: storage,
    machineID,
    systemUUID: readTrimmed("/sys/class/dmi/id/product_uuid") ?? machineID,
    bootID: readTrimmed("/proc/sys/kernel/random/boot_id") ?? "",
    kernelVersion: release(),
    osImage: osImage(),
    operatingSystem: platform() === "win32" ? "windows" : platform(),
    architecture: goArch[arch()] ?? arch(),
  };
}
