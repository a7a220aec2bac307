import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ViewPlanError, planContainerView } from "./container-view.js";
import type { BindRequest, HostProbe, PathKind, ViewStep } from "./container-view.js";

/** A host with a few directories and files, /lib a symlink to usr/lib, and mounts at /dev, /dev/pts, /proc. */
function fakeHost(options: { overlay?: boolean } = {}): HostProbe {
  const entries: Record<string, PathKind> = {
    "/": "dir", "/usr": "dir", "/usr/share": "dir", "/usr/lib": "dir", "/tmp": "dir", "/dev": "dir", "/dev/pts": "dir",
    "/proc": "dir", "/etc": "dir", "/etc/hosts": "file", "/bin": "dir",
    "/vol/www": "dir", "/vol/www/sub": "dir", "/vol/log": "file", "/vol/data": "dir",
  };
  const real = (path: string) => path.replace(/^\/lib(?=\/|$)/, "/usr/lib");
  return {
    kind: (path) => entries[real(path)],
    realpath: real,
    mountPoints: ["/", "/dev", "/dev/pts", "/proc"],
    overlay: options.overlay ?? true,
  };
}

const bind = (source: string, target: string, readOnly = false): BindRequest => ({ source, target, readOnly });

describe("planContainerView", () => {
  const ROOT = ["/dev"];
  const cases: Array<{ name: string; binds: BindRequest[]; workingDir?: string; overlay?: boolean; rootOverlay?: string[]; steps: ViewStep[] }> = [
    {
      name: "the root is an overlay with the host's mounts bound in, all but /proc (the container gets its own)",
      binds: [],
      rootOverlay: ROOT,
      steps: [],
    },
    {
      name: "a mountPath that exists on the host is bound over, nothing created",
      binds: [bind("/vol/www", "/tmp")],
      rootOverlay: ROOT,
      steps: [{ op: "bind", source: "/vol/www", target: "/tmp", readOnly: false }],
    },
    {
      name: "a missing mountPath is created in the root overlay, parents first",
      binds: [bind("/vol/www", "/usr/share/nginx/html", true)],
      rootOverlay: ROOT,
      steps: [
        { op: "mkdir", path: "/usr/share/nginx" },
        { op: "mkdir", path: "/usr/share/nginx/html" },
        { op: "bind", source: "/vol/www", target: "/usr/share/nginx/html", readOnly: true },
      ],
    },
    {
      name: "volumes are mounted shallowest first, whatever their order in the spec",
      binds: [bind("/vol/www", "/usr/share/nginx/html"), bind("/vol/data", "/data")],
      rootOverlay: ROOT,
      steps: [
        { op: "mkdir", path: "/data" },
        { op: "bind", source: "/vol/data", target: "/data", readOnly: false },
        { op: "mkdir", path: "/usr/share/nginx" },
        { op: "mkdir", path: "/usr/share/nginx/html" },
        { op: "bind", source: "/vol/www", target: "/usr/share/nginx/html", readOnly: false },
      ],
    },
    {
      name: "a volume inside another volume gets its mount point created in the outer volume",
      binds: [bind("/vol/data", "/srv/a/inner"), bind("/vol/www", "/srv/a")],
      rootOverlay: ROOT,
      steps: [
        { op: "mkdir", path: "/srv" },
        { op: "mkdir", path: "/srv/a" },
        { op: "bind", source: "/vol/www", target: "/srv/a", readOnly: false },
        { op: "mkdir", path: "/srv/a/inner" },
        { op: "bind", source: "/vol/data", target: "/srv/a/inner", readOnly: false },
      ],
    },
    {
      name: "a file volume on another host file system (/dev) overlays it and binds again what is mounted below it",
      binds: [bind("/vol/log", "/dev/termination-log")],
      rootOverlay: ROOT,
      steps: [
        { op: "overlay", dir: "/dev", submounts: ["/dev/pts"] },
        { op: "touch", path: "/dev/termination-log" },
        { op: "bind", source: "/vol/log", target: "/dev/termination-log", readOnly: false },
      ],
    },
    {
      name: "a missing working directory is created in the root overlay",
      binds: [],
      workingDir: "/usr/share/app",
      rootOverlay: ROOT,
      steps: [{ op: "mkdir", path: "/usr/share/app" }],
    },
    {
      name: "a working directory inside a volume is created in the volume",
      binds: [bind("/vol/www", "/tmp")],
      workingDir: "/tmp/work",
      rootOverlay: ROOT,
      steps: [{ op: "bind", source: "/vol/www", target: "/tmp", readOnly: false }, { op: "mkdir", path: "/tmp/work" }],
    },
    {
      name: "a mountPath through a host symlink is created where the symlink points",
      binds: [bind("/vol/www", "/lib/plugins")],
      rootOverlay: ROOT,
      steps: [{ op: "mkdir", path: "/usr/lib/plugins" }, { op: "bind", source: "/vol/www", target: "/usr/lib/plugins", readOnly: false }],
    },
    {
      name: "without overlayfs the root is the host's and a mountPath that exists is bound over",
      binds: [bind("/vol/www", "/tmp")],
      overlay: false,
      steps: [{ op: "bind", source: "/vol/www", target: "/tmp", readOnly: false }],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const view = planContainerView(c.binds, { workingDir: c.workingDir ?? "/", probe: fakeHost({ overlay: c.overlay }) });
      assert.deepEqual(view.steps, c.steps);
      assert.deepEqual(view.rootOverlay?.submounts, c.rootOverlay);
    });
  }

  const failures: Array<{ name: string; binds: BindRequest[]; overlay?: boolean; message: RegExp }> = [
    { name: "a missing volume source is refused", binds: [bind("/vol/nope", "/tmp")], message: /mount source \/vol\/nope does not exist/ },
    { name: "a directory volume over a host file is refused", binds: [bind("/vol/www", "/etc/hosts")], message: /\/etc\/hosts is a file in the container, the volume is a directory/ },
    { name: "without overlayfs a missing mountPath cannot be created", binds: [bind("/vol/www", "/usr/share/x")], overlay: false, message: /under \/usr\/share: the kernel has no overlayfs/ },
  ];
  for (const c of failures) {
    test(c.name, () => {
      assert.throws(() => planContainerView(c.binds, { workingDir: "/", probe: fakeHost({ overlay: c.overlay }) }), (e: unknown) => {
        return e instanceof ViewPlanError && c.message.test(e.message);
      });
    });
  }

  test("hostPathOf maps volume paths to their source, created paths to nothing and the rest to the host", () => {
    const view = planContainerView([bind("/vol/www", "/usr/share/nginx/html")], { workingDir: "/", probe: fakeHost() });
    assert.equal(view.hostPathOf("/usr/share/nginx/html/index.html"), "/vol/www/index.html");
    assert.equal(view.hostPathOf("/usr/share/nginx/html"), "/vol/www");
    assert.equal(view.hostPathOf("/usr/share/nginx"), undefined);
    assert.equal(view.hostPathOf("/usr/bin/env"), "/usr/bin/env");
  });
});
