import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { resolveExecutable } from "./resolve-executable.js";

// A host directory standing for the container's root: container path P is at root + P.
const root = mkdtempSync(join(tmpdir(), "tinykube-resolve-"));
after(() => rmSync(root, { recursive: true, force: true }));
for (const dir of ["bin", "usr/bin", "app", "data"]) mkdirSync(join(root, dir), { recursive: true });
const file = (path: string, mode: number) => {
  writeFileSync(join(root, path), "#!/bin/sh\n");
  chmodSync(join(root, path), mode);
};
file("usr/bin/tool", 0o755);
file("bin/tool", 0o755);
file("bin/plain", 0o644);
file("app/run.sh", 0o755);

const options = { pathEnv: "/usr/local/bin:/usr/bin:/bin", workingDir: "/app", hostPathOf: (path: string) => join(root, path) };

describe("resolveExecutable", () => {
  const cases: Array<[string, string, ReturnType<typeof resolveExecutable>]> = [
    ["a name is looked up in PATH, first match wins", "tool", { found: "/usr/bin/tool" }],
    ["a name found nowhere", "nope", { error: 'exec: "nope": executable file not found in $PATH' }],
    ["a match that is not executable is skipped", "plain", { error: 'exec: "plain": executable file not found in $PATH' }],
    ["an absolute path is taken as it is", "/bin/tool", { found: "/bin/tool" }],
    ["a relative path is from the working directory", "./run.sh", { found: "/app/run.sh" }],
    ["an absolute path that does not exist", "/bin/none", { error: 'exec: "/bin/none": stat /bin/none: no such file or directory' }],
    ["an absolute path that is not executable", "/bin/plain", { error: 'exec: "/bin/plain": permission denied' }],
    ["an absolute path to a directory", "/data", { error: 'exec: "/data": is a directory' }],
  ];
  for (const [name, program, expected] of cases) test(name, () => assert.deepEqual(resolveExecutable(program, options), expected));

  test("a path the container has but the host cannot see is missing", () => {
    assert.deepEqual(resolveExecutable("/app/run.sh", { ...options, hostPathOf: () => undefined }), {
      error: 'exec: "/app/run.sh": stat /app/run.sh: no such file or directory',
    });
  });
});
