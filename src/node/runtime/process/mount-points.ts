import { readFile } from "node:fs/promises";

let reading: Promise<string[]> | undefined;

/**
 * The mount points of this process's mount namespace, from /proc/self/mountinfo (field 5, with
 * the kernel's octal escapes undone), in mount order; [] where there is no such file. Read off
 * the event loop; callers that ask while a read is under way share it (a container started
 * then sees the mounts as they were a moment before it asked).
 */
export function readHostMountPoints(): Promise<string[]> {
  reading ??= readFile("/proc/self/mountinfo", "utf8")
    .then(parseMountPoints, () => [])
    .finally(() => (reading = undefined));
  return reading;
}

export function parseMountPoints(mountinfo: string): string[] {
  const points = mountinfo
    .split("\n")
    .filter(Boolean)
    .map((line) => (line.split(" ")[4] ?? "").replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  return [...new Set(points.filter((p) => p.startsWith("/")))];
}

/**
 * The mount points strictly below dir that are not below another one of them: what must be
 * bound again (recursively) into a copy of dir for its view to stay the same.
 */
export function topMountsBelow(dir: string, points: readonly string[]): string[] {
  const prefix = dir === "/" ? "/" : `${dir}/`;
  const below = points.filter((p) => p !== dir && p.startsWith(prefix));
  return below.filter((p) => !below.some((q) => q !== p && p.startsWith(`${q}/`))).sort();
}
