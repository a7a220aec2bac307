import assert from "node:assert/strict";
import { test } from "node:test";
import { formatFieldError, FieldPath } from "../field-errors.js";
import { validateNonSpecialIP } from "./service-ip-address.js";
import { ServiceIPAllocator } from "./service-ip-allocator.js";
import { NodePortAllocator } from "./service-node-port-allocator.js";

test("a small range hands out its upper band first, then the static band, never network or broadcast", () => {
  // 10.0.0.0/27: 30 usable addresses, the lowest 16 kept for fixed requests while others remain.
  const ips = new ServiceIPAllocator("10.0.0.0/27");
  const got: string[] = [];
  for (let ip = ips.allocateNext(); ip !== undefined; ip = ips.allocateNext()) got.push(ip);
  assert.equal(got.length, 30);
  assert.deepEqual(got.slice(0, 2), ["10.0.0.17", "10.0.0.18"]);
  assert.deepEqual(got.slice(13, 16), ["10.0.0.30", "10.0.0.1", "10.0.0.2"]);
  assert.ok(!got.includes("10.0.0.0") && !got.includes("10.0.0.31"));
  assert.equal(new Set(got).size, 30);
});

test("requested addresses: taken once, in range only; observed ones count as taken", () => {
  const ips = new ServiceIPAllocator();
  assert.equal(ips.allocate("10.96.0.10"), undefined);
  assert.equal(ips.allocate("10.96.0.10"), "provided IP is already allocated");
  assert.equal(ips.allocate("10.112.0.1"), "the provided IP (10.112.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12");
  assert.equal(ips.allocate("10.96.0.0"), "the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12");
  ips.observe("10.96.1.1");
  assert.equal(ips.allocateNext(), "10.96.1.2");
});

test("node ports: the upper band first, requested ones checked against the range", () => {
  const ports = new NodePortAllocator();
  assert.equal(ports.allocateNext(), 30086);
  assert.equal(ports.allocate(30086), "provided port is already allocated");
  assert.equal(ports.allocate(80), "provided port is not in the valid range. The range of valid ports is 30000-32767");
  assert.equal(ports.allocate(30000), undefined);
});

test("special addresses are refused as external IPs, in both families", () => {
  const at = FieldPath.root("ip");
  const cases: Array<[string, string[]]> = [
    ["0.0.0.0", ['ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)']],
    ["::", ['ip: Invalid value: "::": may not be unspecified (::)']],
    ["::1", ['ip: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    ["169.254.1.1", ['ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
    ["fe80::1", ['ip: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
    ["224.0.0.5", ['ip: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)']],
    ["192.0.2.1", []],
    ["2001:db8::1", []],
  ];
  for (const [ip, expect] of cases) assert.deepEqual(validateNonSpecialIP(ip, at).map(formatFieldError), expect, ip);
});
