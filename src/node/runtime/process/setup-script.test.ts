import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ContainerView } from "./container-view.js";
import { setupScript } from "./setup-script.js";
import type { SetupScriptOptions } from "./setup-script.js";

const programs = { mount: "/bin/mount", mkdir: "/bin/mkdir", chroot: "/usr/sbin/chroot", sh: "/bin/sh", setpriv: "/usr/bin/setpriv", script: "/usr/bin/script" };
const S = "/state/c-0";
const R = `${S}/layers/root/merged`;

function options(view: Omit<ContainerView, "hostPathOf">, more: Partial<SetupScriptOptions> = {}): SetupScriptOptions {
  return { view: { ...view, hostPathOf: (p) => p }, workingDir: "/", scratch: S, layers: { on: "disk" }, programs, ...more };
}

describe("setupScript", () => {
  test("a root overlay: one fstab batch for the overlay, a fresh /proc, the host's mounts and the volumes; then switch root", () => {
    const setup = setupScript(options({
      rootOverlay: { submounts: ["/dev", "/sys"] },
      steps: [
        { op: "mkdir", path: "/usr/share/nginx" },
        { op: "mkdir", path: "/usr/share/nginx/html" },
        { op: "bind", source: "/vol/my www", target: "/usr/share/nginx/html", readOnly: true },
      ],
    }, { workingDir: "/work dir" }));
    assert.deepEqual([...setup.files], [[`${S}/fstab-0`, [
      `overlay ${R} overlay lowerdir=/,upperdir=${S}/layers/root/upper,workdir=${S}/layers/root/work 0 0`,
      `proc ${R}/proc proc nosuid,nodev,noexec 0 0`,
      `/dev ${R}/dev none rbind 0 0`,
      `/sys ${R}/sys none rbind 0 0`,
      `/vol/my\\040www ${R}/usr/share/nginx/html none bind,ro,X-mount.mkdir 0 0`,
      "",
    ].join("\n")]]);
    assert.deepEqual(setup.dirs, ["upper", "work", "merged"].map((d) => `${S}/layers/root/${d}`));
    const lines = setup.script.split("\n").map((l) => l.trim());
    assert.ok(lines.includes(`/bin/mount -a --fstab ${S}/fstab-0`));
    assert.ok(lines.includes(`cd -- ${R}`) && lines.includes("/bin/mount --move . /"));
    assert.ok(lines.some((l) => l.startsWith("exec /usr/sbin/chroot . /bin/sh -c ") && l.endsWith(`sh '/work dir' "$@"`)), setup.script);
    assert.ok(!lines.some((l) => l.startsWith("/bin/mkdir")), "bind targets are made by X-mount.mkdir");
  });

  test("a file target and a working directory break the batch where they must be made", () => {
    const setup = setupScript(options({
      rootOverlay: { submounts: [] },
      steps: [
        { op: "overlay", dir: "/dev", submounts: ["/dev/pts"] },
        { op: "touch", path: "/dev/termination-log" },
        { op: "bind", source: "/vol/log", target: "/dev/termination-log", readOnly: false },
        { op: "mkdir", path: "/app" },
      ],
    }));
    const body = setup.script.split("\n").map((l) => l.trim()).filter((l) => /^(\/bin\/mount -a|: >|\/bin\/mkdir)/.test(l));
    assert.deepEqual(body, [`/bin/mount -a --fstab ${S}/fstab-0`, `: > ${R}/dev/termination-log`, `/bin/mount -a --fstab ${S}/fstab-1`, `/bin/mkdir -p -- ${R}/app`]);
    assert.match(setup.files.get(`${S}/fstab-0`)!, new RegExp(`^overlay ${R}/dev overlay lowerdir=/dev,upperdir=${S}/layers/0/upper,workdir=${S}/layers/0/work 0 0\n/dev/pts ${R}/dev/pts none rbind 0 0$`, "m"));
    assert.equal(setup.files.get(`${S}/fstab-1`), `/vol/log ${R}/dev/termination-log none bind,X-mount.mkdir 0 0\n`);
  });

  test("layers on a tmpfs are made inside the container, none on the host", () => {
    const setup = setupScript(options({ rootOverlay: { submounts: [] }, steps: [] }, { layers: { on: "tmpfs", size: "64m" } }));
    assert.deepEqual(setup.dirs, []);
    const lines = setup.script.split("\n").map((l) => l.trim());
    assert.ok(lines.includes(`/bin/mount -t tmpfs -o mode=0700,size=64m tinykube-layers ${S}/layers`));
    assert.ok(lines.includes(`/bin/mkdir -p ${["upper", "work", "merged"].map((d) => `${S}/layers/root/${d}`).join(" ")}`));
  });

  test("without overlayfs: a fresh /proc and the binds in place, no root switch", () => {
    const setup = setupScript(options({ steps: [{ op: "bind", source: "/vol", target: "/tmp", readOnly: false }] }, { workingDir: "/tmp" }));
    const lines = setup.script.split("\n").map((l) => l.trim());
    assert.ok(lines.includes("/bin/mount -t proc proc /proc"));
    assert.equal(setup.files.get(`${S}/fstab-0`), "/vol /tmp none bind,X-mount.mkdir 0 0\n");
    assert.ok(lines.includes("cd -- /tmp") && !lines.some((l) => l.includes("chroot")));
  });

  test("the parent reports the pid of PID 1 and waits for it; the child gets the real stdin", () => {
    const lines = setupScript(options({ steps: [] })).script.split("\n");
    assert.deepEqual([lines[0], lines[1]], ["exec 4<&0", "("]);
    assert.deepEqual(lines.slice(-4), [") <&4 &", 'echo "pid $!" >&3', "exec 3>&- 4<&-", "wait $!"]);
  });
});
