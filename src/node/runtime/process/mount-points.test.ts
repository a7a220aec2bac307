import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseMountPoints, topMountsBelow } from "./mount-points.js";

describe("mount points", () => {
  test("parseMountPoints reads field 5 of mountinfo, undoing octal escapes, once each", () => {
    const mountinfo = [
      "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw",
      "23 22 0:5 / /dev rw - devtmpfs udev rw",
      "24 23 0:6 / /dev/pts rw - devpts devpts rw",
      "25 22 0:7 / /mnt/with\\040space rw - tmpfs tmpfs rw",
      "26 23 0:6 / /dev/pts rw - devpts devpts rw",
    ].join("\n");
    assert.deepEqual(parseMountPoints(mountinfo), ["/", "/dev", "/dev/pts", "/mnt/with space"]);
  });

  const cases: Array<[string, string, string[]]> = [
    ["below / are the outermost mounts only", "/", ["/dev", "/mnt/x", "/proc"]],
    ["below a mount are its own submounts", "/dev", ["/dev/pts", "/dev/shm"]],
    ["a directory with nothing mounted below has none", "/usr", []],
    ["a prefix of a name is not a parent (/de is not /dev)", "/de", []],
  ];
  const points = ["/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/pts/deep", "/mnt/x"];
  for (const [name, dir, expected] of cases) {
    test(`topMountsBelow: ${name}`, () => assert.deepEqual(topMountsBelow(dir, points), expected));
  }
});
