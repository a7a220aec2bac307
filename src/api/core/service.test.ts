import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Service, ServiceSpec } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { ServiceIPAllocator } from "./service-ip-allocator.js";
import { NodePortAllocator } from "./service-node-port-allocator.js";
import { serviceDefinition, serviceStrategy } from "./service.js";

type Svc = Parameters<ReturnType<typeof serviceStrategy>["validate"]>[0];

/** A fresh strategy per test: allocations start from an empty range. */
function fresh(): ReturnType<typeof serviceStrategy> {
  return serviceStrategy({ ips: new ServiceIPAllocator(), nodePorts: new NodePortAllocator() });
}

function create(strategy: ReturnType<typeof serviceStrategy>, spec: ServiceSpec, name = "web"): { svc: Svc; errs: string[] } {
  const svc = structuredClone({ metadata: { name, namespace: "default" }, spec }) as Svc;
  strategy.applyDefaults(svc);
  strategy.prepareForCreate(svc);
  return { svc, errs: strategy.validate(svc).map(formatFieldError) };
}

const web: ServiceSpec = { selector: { app: "web" }, ports: [{ port: 80 }] };

describe("service defaults and allocation on create", () => {
  test("a plain service gets upstream's defaults and the first address of the dynamic band", () => {
    const { svc, errs } = create(fresh(), web);
    assert.deepEqual(errs, []);
    assert.deepEqual(svc.spec, {
      selector: { app: "web" },
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      sessionAffinity: "None",
      type: "ClusterIP",
      internalTrafficPolicy: "Cluster",
      ipFamilyPolicy: "SingleStack",
      clusterIPs: ["10.96.1.1"],
      ipFamilies: ["IPv4"],
      clusterIP: "10.96.1.1",
    });
    assert.deepEqual(svc.status, { loadBalancer: {} });
  });

  test("no two services get the same address, requested or automatic", () => {
    const strategy = fresh();
    const a = create(strategy, web, "a").svc.spec?.clusterIP;
    const b = create(strategy, { ...web, clusterIP: "10.96.1.2" }, "b").svc.spec?.clusterIP;
    const c = create(strategy, web, "c").svc.spec?.clusterIP;
    assert.deepEqual([a, b, c], ["10.96.1.1", "10.96.1.2", "10.96.1.3"]);
  });

  test("addresses of stored services (observed at startup) are not handed out", () => {
    const ips = new ServiceIPAllocator();
    ips.observe("10.96.1.1");
    const strategy = serviceStrategy({ ips, nodePorts: new NodePortAllocator() });
    assert.equal(create(strategy, web).svc.spec?.clusterIP, "10.96.1.2");
  });

  const allocationErrors: Array<{ name: string; spec: ServiceSpec; expect: string[] }> = [
    {
      name: "a requested address already taken is refused",
      spec: { ...web, clusterIP: "10.96.1.1" },
      expect: ['spec.clusterIPs: Invalid value: []string{"10.96.1.1"}: failed to allocate IP 10.96.1.1: provided IP is already allocated'],
    },
    {
      name: "a requested address outside the range is refused",
      spec: { ...web, clusterIP: "192.168.0.1" },
      expect: [
        'spec.clusterIPs: Invalid value: []string{"192.168.0.1"}: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
      ],
    },
    {
      name: "IPv6 is not served by this cluster",
      spec: { ...web, ipFamilies: ["IPv6"] },
      expect: ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster'],
    },
    {
      name: "dual-stack cannot be required",
      spec: { ...web, ipFamilyPolicy: "RequireDualStack" },
      expect: ['spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services'],
    },
  ];
  for (const c of allocationErrors) {
    test(c.name, () => {
      const strategy = fresh();
      create(strategy, web, "first");
      assert.deepEqual(create(strategy, c.spec).errs, c.expect);
    });
  }

  test("a headless service stays headless; without a selector it asks for both families", () => {
    const strategy = fresh();
    const withSelector = create(strategy, { ...web, clusterIP: "None" }).svc.spec;
    assert.deepEqual([withSelector?.clusterIPs, withSelector?.ipFamilyPolicy, withSelector?.ipFamilies], [["None"], "SingleStack", ["IPv4"]]);
    const selectorless = create(strategy, { clusterIP: "None" }, "raw").svc.spec;
    assert.deepEqual([selectorless?.ipFamilyPolicy, selectorless?.ipFamilies], ["RequireDualStack", ["IPv4", "IPv6"]]);
  });

  test("an ExternalName service gets no address and no families", () => {
    const { svc, errs } = create(fresh(), { type: "ExternalName", externalName: "db.example.com." });
    assert.deepEqual(errs, []);
    assert.deepEqual([svc.spec?.clusterIP, svc.spec?.ipFamilies, svc.spec?.ipFamilyPolicy, svc.spec?.internalTrafficPolicy], [undefined, undefined, undefined, undefined]);
  });

  test("NodePort and LoadBalancer services get node ports above the static band, and their own defaults", () => {
    const strategy = fresh();
    const np = create(strategy, { ...web, type: "NodePort", ports: [{ port: 80 }, { port: 443, name: "https", nodePort: 30001 }].map((p, i) => ({ name: `p${i}`, ...p })) }).svc.spec;
    assert.deepEqual([np?.ports?.map((p) => p.nodePort), np?.externalTrafficPolicy], [[30086, 30001], "Cluster"]);
    const lb = create(strategy, { ...web, type: "LoadBalancer", externalTrafficPolicy: "Local" }, "lb").svc.spec;
    assert.deepEqual([lb?.allocateLoadBalancerNodePorts, lb?.ports?.[0]?.nodePort, lb?.healthCheckNodePort], [true, 30087, 30088]);
  });

  test("ClientIP affinity gets the default timeout of 3 hours", () => {
    assert.deepEqual(create(fresh(), { ...web, sessionAffinity: "ClientIP" }).svc.spec?.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  });
});

describe("service validation", () => {
  const cases: Array<{ name: string; spec: ServiceSpec; svcName?: string; expect: string[] }> = [
    {
      name: "names are DNS-1035 labels",
      spec: web,
      svcName: "1web",
      expect: [
        `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      ],
    },
    { name: "ports are required unless headless", spec: { selector: { app: "web" } }, expect: ["spec.ports: Required value"] },
    {
      name: "several ports need names, valid numbers and protocols",
      spec: { ports: [{ port: 0 }, { port: 81, protocol: "ICMP", targetPort: "Http_Port" }] },
      expect: [
        "spec.ports[0].name: Required value",
        "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
        "spec.ports[1].name: Required value",
        'spec.ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
        'spec.ports[1].targetPort: Invalid value: "Http_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
    },
    {
      name: "a port number may appear once per protocol",
      spec: { ports: [{ name: "a", port: 80 }, { name: "b", port: 80 }] },
      expect: [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    },
    {
      name: "a ClusterIP service may not name node ports",
      spec: { ports: [{ port: 80, nodePort: 30000 }] },
      expect: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    },
    {
      name: "an ExternalName service needs a name to alias",
      spec: { type: "ExternalName" },
      expect: ["spec.externalName: Required value"],
    },
    {
      name: "a LoadBalancer cannot be headless",
      spec: { ...web, type: "LoadBalancer", clusterIP: "None" },
      expect: ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services'],
    },
    {
      name: "the ClientIP affinity timeout is bounded",
      spec: { ...web, sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } },
      expect: ["spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400"],
    },
    {
      name: "external IPs may not be loopback",
      spec: { ...web, externalIPs: ["127.0.0.1"] },
      expect: ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    },
    {
      name: "a cluster IP must be an IP address",
      spec: { ...web, clusterIP: "ten.0.0.1" },
      expect: ['spec.clusterIPs[0]: Invalid value: "ten.0.0.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    },
    {
      name: "source ranges are for load balancers and must be CIDRs",
      spec: { ...web, loadBalancerSourceRanges: ["10.0.0.0/33"] },
      expect: [
        "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
        'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    },
    {
      name: "externalTrafficPolicy only for externally reachable services",
      spec: { ...web, externalTrafficPolicy: "Local" },
      expect: ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(create(fresh(), c.spec, c.svcName).errs, c.expect));
});

describe("service updates", () => {
  const stored = (strategy: ReturnType<typeof serviceStrategy>, spec: ServiceSpec = web): Svc => {
    const { svc } = create(strategy, spec);
    svc.metadata = { ...svc.metadata, uid: "u", resourceVersion: "4" };
    return svc;
  };
  const update = (strategy: ReturnType<typeof serviceStrategy>, old: Svc, body: Service): { svc: Svc; errs: string[] } => {
    const svc = structuredClone(body) as Svc;
    svc.metadata = { ...old.metadata };
    strategy.applyDefaults(svc);
    strategy.prepareForUpdate(svc, old);
    return { svc, errs: [...strategy.validate(svc), ...strategy.validateUpdate(svc, old)].map(formatFieldError) };
  };

  test("resubmitting the manifest keeps the allocated address", () => {
    const strategy = fresh();
    const old = stored(strategy);
    const { svc, errs } = update(strategy, old, { spec: { ...web, ports: [{ port: 8080 }] } });
    assert.deepEqual([errs, svc.spec?.clusterIP, svc.spec?.clusterIPs], [[], "10.96.1.1", ["10.96.1.1"]]);
  });

  test("the cluster IP may not change", () => {
    const strategy = fresh();
    const old = stored(strategy);
    const { errs } = update(strategy, old, { spec: { ...old.spec, clusterIP: "10.96.1.9", clusterIPs: ["10.96.1.9"] } });
    assert.deepEqual(errs, ['spec.clusterIPs[0]: Invalid value: []string{"10.96.1.9"}: may not change once set']);
  });

  test("switching to ExternalName wipes the address and families the server set", () => {
    const strategy = fresh();
    const old = stored(strategy);
    const { svc, errs } = update(strategy, old, { spec: { ...old.spec, type: "ExternalName", externalName: "db.example.com" } });
    assert.deepEqual(errs, []);
    assert.deepEqual([svc.spec?.clusterIP, svc.spec?.clusterIPs, svc.spec?.ipFamilies, svc.spec?.ipFamilyPolicy], [undefined, undefined, undefined, undefined]);
  });

  test("switching from ExternalName allocates an address", () => {
    const strategy = fresh();
    const old = stored(strategy, { type: "ExternalName", externalName: "db.example.com" });
    const { svc, errs } = update(strategy, old, { spec: web });
    assert.deepEqual([errs, svc.spec?.clusterIP], [[], "10.96.1.1"]);
  });

  test("load balancer status is for LoadBalancer services, with well-formed addresses", () => {
    const strategy = fresh();
    const clusterIP = stored(strategy);
    const withIngress = (old: Svc, ingress: object[]): string[] => {
      const svc = { ...structuredClone(old), status: { loadBalancer: { ingress } } } as Svc;
      strategy.status!.prepareForUpdate(svc, old);
      return strategy.status!.validateUpdate(svc, old).map(formatFieldError);
    };
    assert.deepEqual(withIngress(clusterIP, [{ ip: "1.2.3.4", ipMode: "VIP" }]), ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"]);
    const lb = stored(strategy, { ...web, type: "LoadBalancer" });
    assert.deepEqual(withIngress(lb, [{ ip: "1.2.3.4", ipMode: "VIP" }, { hostname: "lb.example.com" }]), []);
    assert.deepEqual(withIngress(lb, [{ ip: "1.2.3.4" }, { hostname: "10.0.0.1", ipMode: "Proxy" }]), [
      "status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set",
      "status.loadBalancer.ingress[1].ipMode: Forbidden: may not be specified when `ip` is not set",
      'status.loadBalancer.ingress[1].hostname: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
    ]);
  });

  test("the status subresource keeps the spec", () => {
    const strategy = fresh();
    const old = stored(strategy);
    const svc: Svc = { ...structuredClone(old), spec: {}, status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } } };
    strategy.status!.prepareForUpdate(svc, old);
    assert.deepEqual(svc.spec, old.spec);
  });
});

describe("service table", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  const cells = (spec: ServiceSpec, status: Service["status"] = {}): unknown[] => {
    const { svc } = create(fresh(), spec);
    svc.metadata = { ...svc.metadata, creationTimestamp: "2026-11-28T11:59:00Z" };
    svc.status = status;
    return serviceDefinition.strategy.table.cells(svc, now);
  };
  test("columns NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, SELECTOR with -o wide", () => {
    assert.deepEqual(serviceDefinition.strategy.table.columns.map((c) => `${c.name}:${c.priority}`), ["Name:0", "Type:0", "Cluster-IP:0", "External-IP:0", "Port(s):0", "Age:0", "Selector:1"]);
  });
  const cases: Array<{ name: string; spec: ServiceSpec; status?: Service["status"]; expect: unknown[] }> = [
    { name: "a ClusterIP service", spec: { ...web, selector: { tier: "front", app: "web" } }, expect: ["web", "ClusterIP", "10.96.1.1", "<none>", "80/TCP", "60s", "app=web,tier=front"] },
    { name: "a headless service", spec: { clusterIP: "None", ports: [{ port: 5432, protocol: "TCP" }] }, expect: ["web", "ClusterIP", "None", "<none>", "5432/TCP", "60s", "<none>"] },
    { name: "a NodePort service", spec: { ...web, type: "NodePort", externalIPs: ["192.0.2.10"] }, expect: ["web", "NodePort", "10.96.1.1", "192.0.2.10", "80:30086/TCP", "60s", "app=web"] },
    { name: "a LoadBalancer waiting for an address", spec: { ...web, type: "LoadBalancer" }, expect: ["web", "LoadBalancer", "10.96.1.1", "<pending>", "80:30086/TCP", "60s", "app=web"] },
    {
      name: "a LoadBalancer with addresses",
      spec: { ...web, type: "LoadBalancer" },
      status: { loadBalancer: { ingress: [{ hostname: "lb.example.com" }, { ip: "203.0.113.7" }] } },
      expect: ["web", "LoadBalancer", "10.96.1.1", "203.0.113.7,lb.example.com", "80:30086/TCP", "60s", "app=web"],
    },
    { name: "an ExternalName service", spec: { type: "ExternalName", externalName: "db.example.com" }, expect: ["web", "ExternalName", "<none>", "db.example.com", "<none>", "60s", "<none>"] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(cells(c.spec, c.status), c.expect));
});

test("services are in the all category, short name svc, selectable by clusterIP and type", () => {
  const { info, strategy } = serviceDefinition;
  assert.deepEqual([info.shortNames, info.categories, info.subresources], [["svc"], ["all"], ["status"]]);
  assert.deepEqual(strategy.selectableFields!({ spec: { clusterIP: "None", type: "ClusterIP" } }), { "spec.clusterIP": "None", "spec.type": "ClusterIP" });
});
