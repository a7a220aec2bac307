import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Container, PodSpec, PodTemplateSpec, Volume } from "kubernetes-types/core/v1.js";
import { defaultPodOnlyFields, defaultPodSpec, defaultPodTemplateSpec, defaultPullPolicy } from "./pod-spec-defaults.js";

const specDefaults = {
  dnsPolicy: "ClusterFirst",
  restartPolicy: "Always",
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: "default-scheduler",
};

const containerDefaults = { terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File" };

function defaulted(spec: PodSpec): PodSpec {
  const s = structuredClone(spec);
  defaultPodSpec(s);
  return s;
}

function container(c: Partial<Container>): Container {
  return defaulted({ containers: [{ name: "c", image: "nginx:1.25", ...c }] }).containers[0]!;
}

function volume(v: Volume): Volume {
  return defaulted({ containers: [], volumes: [v] }).volumes![0]!;
}

describe("pod spec defaults", () => {
  test("an empty spec gets the policy, grace period, scheduler and security context defaults", () => {
    assert.deepEqual(defaulted({ containers: [] }), { containers: [], ...specDefaults });
  });

  test("values given are kept", () => {
    const spec = defaulted({ containers: [], restartPolicy: "Never", terminationGracePeriodSeconds: 0, dnsPolicy: "Default" });
    assert.deepEqual([spec.restartPolicy, spec.terminationGracePeriodSeconds, spec.dnsPolicy], ["Never", 0, "Default"]);
  });

  test("a container gets pull policy and termination message defaults", () => {
    assert.deepEqual(container({}), { name: "c", image: "nginx:1.25", imagePullPolicy: "IfNotPresent", ...containerDefaults });
  });

  test("ports default to TCP", () => {
    assert.deepEqual(container({ ports: [{ containerPort: 80 }] }).ports, [{ containerPort: 80, protocol: "TCP" }]);
  });

  test("an env fieldRef defaults its apiVersion to v1", () => {
    const env = container({ env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }] }).env;
    assert.deepEqual(env, [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name", apiVersion: "v1" } } }]);
  });

  test("probes get timeout, period and thresholds, and httpGet its path and scheme", () => {
    const probe = container({ livenessProbe: { httpGet: { port: 8080 } } }).livenessProbe;
    assert.deepEqual(probe, {
      httpGet: { port: 8080, path: "/", scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  test("a grpc probe gets an empty service", () => {
    assert.deepEqual(container({ readinessProbe: { grpc: { port: 9000 } } }).readinessProbe?.grpc, { port: 9000, service: "" });
  });

  test("lifecycle httpGet handlers get path and scheme", () => {
    const lifecycle = container({ lifecycle: { preStop: { httpGet: { port: 80, path: "/stop" } } } }).lifecycle;
    assert.deepEqual(lifecycle, { preStop: { httpGet: { port: 80, path: "/stop", scheme: "HTTP" } } });
  });

  test("resource quantities are rounded up to millis and written canonically", () => {
    // YAML "memory: 1000" arrives as a JSON number, which upstream accepts as a quantity.
    const jsonNumber = 1000 as unknown as string;
    const resources = container({ resources: { limits: { cpu: "0.5", memory: "1024Mi" }, requests: { cpu: "0.0001", memory: jsonNumber } } }).resources;
    assert.deepEqual(resources, { limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "1m", memory: "1k" } });
  });

  test("the deprecated serviceAccount follows serviceAccountName, and fills it when alone", () => {
    const both = defaulted({ containers: [], serviceAccountName: "builder", serviceAccount: "old" });
    const alone = defaulted({ containers: [], serviceAccount: "old" });
    assert.deepEqual([both.serviceAccountName, both.serviceAccount, alone.serviceAccountName, alone.serviceAccount], ["builder", "builder", "old", "old"]);
  });

  test("init containers are defaulted like containers", () => {
    const spec = defaulted({ containers: [], initContainers: [{ name: "init", image: "busybox" }] });
    assert.deepEqual(spec.initContainers, [{ name: "init", image: "busybox", imagePullPolicy: "Always", ...containerDefaults }]);
  });
});

describe("image pull policy", () => {
  const rows: Array<[string, string, string]> = [
    ["no tag means latest, so Always", "nginx", "Always"],
    [":latest is Always", "nginx:latest", "Always"],
    ["a version tag is IfNotPresent", "nginx:1.25", "IfNotPresent"],
    ["a registry port is not a tag", "localhost:5000/nginx", "Always"],
    ["a digest without a tag is IfNotPresent", "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent"],
    ["an image that does not parse is IfNotPresent", "Nginx", "IfNotPresent"],
  ];
  for (const [name, image, want] of rows) test(name, () => assert.equal(defaultPullPolicy(image), want));
});

describe("volume defaults", () => {
  const rows: Array<[string, Volume, Volume]> = [
    ["a volume without a source is an emptyDir", { name: "v" }, { name: "v", emptyDir: {} }],
    ["secrets get mode 0644", { name: "v", secret: { secretName: "s" } }, { name: "v", secret: { secretName: "s", defaultMode: 420 } }],
    ["config maps get mode 0644", { name: "v", configMap: { name: "c" } }, { name: "v", configMap: { name: "c", defaultMode: 420 } }],
    ["hostPath gets an empty type", { name: "v", hostPath: { path: "/d" } }, { name: "v", hostPath: { path: "/d", type: "" } }],
    [
      "downward API files get the mode and the fieldRef apiVersion",
      { name: "v", downwardAPI: { items: [{ path: "n", fieldRef: { fieldPath: "metadata.name" } }] } },
      { name: "v", downwardAPI: { items: [{ path: "n", fieldRef: { fieldPath: "metadata.name", apiVersion: "v1" } }], defaultMode: 420 } },
    ],
    [
      "projected tokens expire after an hour by default",
      { name: "v", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } },
      { name: "v", projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600 } }], defaultMode: 420 } },
    ],
    [
      "ephemeral claim templates are Filesystem volumes",
      { name: "v", ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1.5Gi" } } } } } },
      {
        name: "v",
        ephemeral: {
          volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1536Mi" } }, volumeMode: "Filesystem" } },
        },
      },
    ],
  ];
  for (const [name, input, want] of rows) test(name, () => assert.deepEqual(volume(input), want));
});

describe("pod-only defaults", () => {
  test("requests default to limits for each resource not requested", () => {
    const spec: PodSpec = { containers: [{ name: "c", image: "i", resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m" } } }] };
    defaultPodOnlyFields(spec);
    assert.deepEqual(spec.containers[0]!.resources?.requests, { cpu: "500m", memory: "1Gi" });
  });

  test("service links are enabled", () => {
    const spec: PodSpec = { containers: [] };
    defaultPodOnlyFields(spec);
    assert.equal(spec.enableServiceLinks, true);
  });

  test("with hostNetwork, host ports default to container ports", () => {
    const spec: PodSpec = { hostNetwork: true, containers: [{ name: "c", image: "i", ports: [{ containerPort: 8080 }] }] };
    defaultPodOnlyFields(spec);
    assert.equal(spec.containers[0]!.ports?.[0]?.hostPort, 8080);
  });
});

describe("pod template defaults", () => {
  test("a template's spec is defaulted but gets no pod-only defaults", () => {
    const template: PodTemplateSpec = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx:1.25", resources: { limits: { cpu: "1" } } }] } };
    defaultPodTemplateSpec(template);
    assert.equal(template.spec?.enableServiceLinks, undefined);
    assert.equal(template.spec?.containers[0]?.resources?.requests, undefined);
    assert.equal(template.spec?.restartPolicy, "Always");
    assert.deepEqual(template.metadata, { labels: { app: "web" } });
  });
});
