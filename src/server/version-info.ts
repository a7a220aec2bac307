/** What /version reports (version.Info). kubectl's dispatcher picks its binary by the minor. */
export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

const goArch: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x" };

/** tinykube speaks Kubernetes v1.32. */
export function defaultVersionInfo(): VersionInfo {
  return {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.0",
    gitCommit: "70d3cc986aa8221cd1dfb1121852688902d3bf53",
    gitTreeState: "clean",
    buildDate: "2024-12-11T17:59:15Z",
    goVersion: "go1.23.3",
    compiler: "gc",
    platform: `${process.platform}/${goArch[process.arch] ?? process.arch}`,
  };
}
