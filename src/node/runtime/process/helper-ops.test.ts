import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ContainerView } from "./container-view.js";
import { helperOps } from "./helper-ops.js";
import type { HelperLayers } from "./helper-ops.js";
import { opText } from "./helper-protocol.js";

const L = "/state/layers";
const R = `${L}/root/merged`;
const tmpfs: HelperLayers = { dir: L, tmpfsSize: "512m" };

function view(v: Omit<ContainerView, "hostPathOf">): ContainerView {
  return { ...v, hostPathOf: (p) => p };
}

/** The ops as the helper reads them, NULs shown as spaces. */
function text(ops: ReturnType<typeof helperOps>): string[] {
  return ops.map((op) => opText(op).replaceAll("\0", " "));
}

describe("helperOps", () => {
  const cases: Array<{ name: string; view?: ContainerView; workingDir?: string; layers?: HelperLayers; expect: string[] }> = [
    {
      name: "a plain process only changes to its working directory",
      workingDir: "/tmp",
      expect: ["C /tmp"],
    },
    {
      name: "a root overlay on a tmpfs of the container's own: layers, overlay, fresh /proc, the host's mounts, the volume, then the new root",
      view: view({
        rootOverlay: { submounts: ["/dev", "/sys"] },
        steps: [
          { op: "mkdir", path: "/usr/share/nginx/html" },
          { op: "bind", source: "/vol/www", target: "/usr/share/nginx/html", readOnly: true },
        ],
      }),
      workingDir: "/work",
      expect: [
        "P",
        `T ${L} mode=0700,size=512m`,
        `D ${L}/root/upper`, `D ${L}/root/work`, `D ${L}/root/merged`,
        `O ${R} lowerdir=/,upperdir=${L}/root/upper,workdir=${L}/root/work`,
        `R ${R}/proc`,
        `B /dev ${R}/dev r`, `B /sys ${R}/sys r`,
        `D ${R}/usr/share/nginx/html`,
        `B /vol/www ${R}/usr/share/nginx/html o`,
        `M ${R}`,
        "C /work",
      ],
    },
    {
      name: "a file on another of the host's file systems gets an overlay of that one, its submounts bound again, and the file made to bind onto",
      view: view({
        rootOverlay: { submounts: [] },
        steps: [
          { op: "overlay", dir: "/dev", submounts: ["/dev/pts"] },
          { op: "touch", path: "/dev/termination-log" },
          { op: "bind", source: "/vol/log", target: "/dev/termination-log", readOnly: false },
        ],
      }),
      expect: [
        "P",
        `T ${L} mode=0700,size=512m`,
        `D ${L}/root/upper`, `D ${L}/root/work`, `D ${L}/root/merged`,
        `D ${L}/0/upper`, `D ${L}/0/work`, `D ${L}/0/merged`,
        `O ${R} lowerdir=/,upperdir=${L}/root/upper,workdir=${L}/root/work`,
        `R ${R}/proc`,
        `O ${R}/dev lowerdir=/dev,upperdir=${L}/0/upper,workdir=${L}/0/work`,
        `B /dev/pts ${R}/dev/pts r`,
        `F ${R}/dev/termination-log`,
        `B /vol/log ${R}/dev/termination-log `,
        `M ${R}`,
        "C /",
      ],
    },
    {
      name: "layers on disk are directories of the container's own, with no tmpfs",
      view: view({ rootOverlay: { submounts: [] }, steps: [] }),
      layers: { dir: "/state/pods/uid/c-0/layers" },
      expect: [
        "P",
        "D /state/pods/uid/c-0/layers/root/upper", "D /state/pods/uid/c-0/layers/root/work", "D /state/pods/uid/c-0/layers/root/merged",
        "O /state/pods/uid/c-0/layers/root/merged lowerdir=/,upperdir=/state/pods/uid/c-0/layers/root/upper,workdir=/state/pods/uid/c-0/layers/root/work",
        "R /state/pods/uid/c-0/layers/root/merged/proc",
        "M /state/pods/uid/c-0/layers/root/merged",
        "C /",
      ],
    },
    {
      name: "without overlayfs: a fresh /proc and the volumes bound in place, no layers and no new root",
      view: view({ steps: [{ op: "bind", source: "/vol", target: "/tmp", readOnly: false }] }),
      workingDir: "/tmp",
      expect: ["P", "R /proc", "B /vol /tmp ", "C /tmp"],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(text(helperOps(c.view, { workingDir: c.workingDir ?? "/", layers: c.layers ?? tmpfs })), c.expect);
    });
  }
});
