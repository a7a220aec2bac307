import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Container, PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { defaultPodSpec, defaultPodTemplateSpec, validatePodSpec, validatePodTemplateSpec } from "./pod-template.js";

const labelMsg = (v: string): string =>
  `Invalid value: "${v}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
const qualifiedMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const quantityMsg = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function base(): PodSpec {
  return { containers: [{ name: "app", image: "nginx:1.25" }] };
}

function withContainer(c: Partial<Container>): PodSpec {
  return { containers: [{ name: "app", image: "nginx:1.25", ...c }] };
}

/** Defaults as the registry applies them (unless asked not to), then validation, as messages. */
function check(spec: PodSpec, defaults: boolean): string[] {
  const s = structuredClone(spec);
  if (defaults) defaultPodSpec(s);
  return validatePodSpec(s, undefined, "spec").map(formatFieldError);
}

const c0 = "spec.containers[0]";

const cases: Array<{ name: string; spec: PodSpec; defaults?: boolean; expect: string[] }> = [
  { name: "a minimal defaulted spec is valid", spec: base(), expect: [] },
  { name: "at least one container is required", spec: { containers: [] }, expect: ["spec.containers: Required value"] },
  {
    name: "a container needs a name and an image",
    spec: { containers: [{ name: "" }] },
    expect: [`${c0}.name: Required value`, `${c0}.image: Required value`],
  },
  { name: "container names are DNS labels", spec: withContainer({ name: "App" }), expect: [`${c0}.name: ${labelMsg("App")}`] },
  {
    name: "container names are unique",
    spec: { containers: [{ name: "a", image: "i" }, { name: "a", image: "i" }] },
    expect: ['spec.containers[1].name: Duplicate value: "a"'],
  },
  {
    name: "an init container may not reuse a container name",
    spec: { containers: [{ name: "a", image: "i" }], initContainers: [{ name: "a", image: "i" }] },
    expect: ['spec.initContainers[0].name: Duplicate value: "a"'],
  },
  {
    name: "without defaults the policies and the grace period are required",
    spec: base(),
    defaults: false,
    expect: [
      "spec.terminationGracePeriodSeconds: Required value",
      `${c0}.terminationMessagePolicy: Required value`,
      `${c0}.imagePullPolicy: Required value`,
      "spec.restartPolicy: Required value",
      "spec.dnsPolicy: Required value",
    ],
  },
  {
    name: "ports are 1-65535 and need a protocol upstream knows",
    spec: withContainer({ ports: [{ containerPort: 70000, protocol: "HTTP" }] }),
    expect: [
      `${c0}.ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
      `${c0}.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
    ],
  },
  { name: "a port number is required", spec: withContainer({ ports: [{ containerPort: 0 }] }), expect: [`${c0}.ports[0].containerPort: Required value`] },
  {
    name: "port names are valid and unique",
    spec: withContainer({ ports: [{ name: "web", containerPort: 80 }, { name: "web", containerPort: 81 }, { name: "8080", containerPort: 82 }] }),
    expect: [`${c0}.ports[1].name: Duplicate value: "web"`, `${c0}.ports[2].name: Invalid value: "8080": must contain at least one letter (a-z)`],
  },
  {
    name: "the same host port twice conflicts",
    spec: {
      containers: [
        { name: "a", image: "i", ports: [{ containerPort: 80, hostPort: 80 }] },
        { name: "b", image: "i", ports: [{ containerPort: 81, hostPort: 80 }] },
      ],
    },
    expect: ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"'],
  },
  {
    name: "env names may be any printable ASCII but '='",
    spec: withContainer({ env: [{ name: "1 weird:name" }, { name: "A=B" }, { name: "" }] }),
    expect: [
      `${c0}.env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      `${c0}.env[2].name: Required value`,
    ],
  },
  {
    name: "valueFrom needs exactly one source and no value",
    spec: withContainer({ env: [{ name: "A", valueFrom: {} }, { name: "B", value: "x", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] }),
    expect: [
      `${c0}.env[0].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``,
      `${c0}.env[1].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`,
    ],
  },
  {
    name: "a fieldRef names a field the downward API offers to env",
    spec: withContainer({ env: [{ name: "A", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "status.phase" } } }] }),
    expect: [
      `${c0}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
    ],
  },
  {
    name: "an unknown fieldRef path does not convert",
    spec: withContainer({ env: [{ name: "A", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.foo" } } }] }),
    expect: [`${c0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo`],
  },
  {
    name: "envFrom needs one source",
    spec: withContainer({ envFrom: [{ prefix: "P_" }] }),
    expect: [`${c0}.envFrom: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\``],
  },
  {
    name: "volume names are DNS labels and unique",
    spec: { ...base(), volumes: [{ name: "data", emptyDir: {} }, { name: "data", emptyDir: {} }, { name: "Data", emptyDir: {} }] },
    expect: ['spec.volumes[1].name: Duplicate value: "data"', `spec.volumes[2].name: ${labelMsg("Data")}`],
  },
  {
    name: "a volume has one source",
    spec: { ...base(), volumes: [{ name: "v", emptyDir: {}, secret: { secretName: "s" } }] },
    expect: ["spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type"],
  },
  {
    name: "without defaults a volume without a source is reported",
    spec: { ...base(), volumes: [{ name: "v" }], terminationGracePeriodSeconds: 30, restartPolicy: "Always", dnsPolicy: "ClusterFirst" },
    defaults: false,
    expect: [
      "spec.volumes[0]: Required value: must specify a volume type",
      `${c0}.terminationMessagePolicy: Required value`,
      `${c0}.imagePullPolicy: Required value`,
    ],
  },
  {
    name: "volume sources check their required fields",
    spec: {
      ...base(),
      volumes: [
        { name: "a", persistentVolumeClaim: { claimName: "" } },
        { name: "b", configMap: { items: [{ key: "k", path: "/abs" }] } },
      ],
    },
    expect: [
      "spec.volumes[0].persistentVolumeClaim.claimName: Required value",
      "spec.volumes[1].configMap.name: Required value",
      'spec.volumes[1].configMap.items[0].path: Invalid value: "/abs": must be a relative path',
    ],
  },
  {
    name: "file modes are at most 0777",
    spec: { ...base(), volumes: [{ name: "s", secret: { secretName: "s", defaultMode: 0o1000 } }] },
    expect: ["spec.volumes[0].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive"],
  },
  {
    name: "a mount names a volume and mount paths are unique",
    spec: {
      ...withContainer({ volumeMounts: [{ name: "data", mountPath: "/d" }, { name: "missing", mountPath: "/d" }] }),
      volumes: [{ name: "data", emptyDir: {} }],
    },
    expect: [`${c0}.volumeMounts[1].name: Not found: "missing"`, `${c0}.volumeMounts[1].mountPath: Invalid value: "/d": must be unique`],
  },
  {
    name: "a subPath may not climb out of the volume (reported at the list's path, as upstream)",
    spec: { ...withContainer({ volumeMounts: [{ name: "data", mountPath: "/d", subPath: "../etc" }] }), volumes: [{ name: "data", emptyDir: {} }] },
    expect: [`${c0}.volumeMounts.subPath: Invalid value: "../etc": must not contain '..'`],
  },
  {
    name: "a probe needs exactly one handler",
    spec: withContainer({ readinessProbe: {}, livenessProbe: { exec: { command: ["true"] }, tcpSocket: { port: 80 } } }),
    expect: [
      `${c0}.livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`,
      `${c0}.readinessProbe: Required value: must specify a handler type`,
    ],
  },
  {
    name: "probe numbers are not negative and liveness succeeds after one success",
    spec: withContainer({ livenessProbe: { exec: { command: ["true"] }, initialDelaySeconds: -1, successThreshold: 2 } }),
    expect: [
      `${c0}.livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0`,
      `${c0}.livenessProbe.successThreshold: Invalid value: 2: must be 1`,
    ],
  },
  {
    name: "an exec handler needs a command and an httpGet port name is checked",
    spec: withContainer({ startupProbe: { exec: {} }, readinessProbe: { httpGet: { port: "Http" } } }),
    expect: [
      `${c0}.readinessProbe.httpGet.port: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
      `${c0}.startupProbe.exec.command: Required value`,
    ],
  },
  {
    name: "a preStop sleep must fit the grace period",
    spec: withContainer({ lifecycle: { preStop: { sleep: { seconds: 60 } } } as Container["lifecycle"] }),
    expect: [
      `${c0}.lifecycle.preStop.sleep: Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
    ],
  },
  {
    name: "requests may not exceed limits",
    spec: withContainer({ resources: { limits: { cpu: "1" }, requests: { cpu: "2" } } }),
    expect: [`${c0}.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`],
  },
  {
    name: "quantities must parse and not be negative",
    spec: withContainer({ resources: { limits: { memory: "lots" }, requests: { cpu: "-1" } } }),
    expect: [
      `${c0}.resources.limits[memory]: Invalid value: "lots": ${quantityMsg}`,
      `${c0}.resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
    ],
  },
  {
    name: "resource names are standard or fully qualified",
    spec: withContainer({ resources: { limits: { gpu: "1", pods: "1" } } }),
    expect: [
      `${c0}.resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
      `${c0}.resources.limits[pods]: Invalid value: "pods": must be a standard resource for containers`,
    ],
  },
  {
    name: "extended resources are whole numbers and cannot be overcommitted",
    spec: withContainer({ resources: { limits: { "example.com/gpu": "1500m" }, requests: { "example.com/gpu": "1" } } }),
    expect: [
      `${c0}.resources.limits[example.com/gpu]: Invalid value: 1500m: must be an integer`,
      `${c0}.resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 1500m`,
    ],
  },
  {
    name: "restart and DNS policies come from upstream's lists",
    spec: { ...base(), restartPolicy: "Sometimes", dnsPolicy: "Google" },
    expect: [
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ],
  },
  {
    name: "nodeSelector entries are labels",
    spec: { ...base(), nodeSelector: { "disk type": "ssd" } },
    expect: [`spec.nodeSelector: Invalid value: "disk type": ${qualifiedMsg}`],
  },
  {
    name: "tolerations: an empty key needs Exists, seconds need NoExecute, Exists takes no value",
    spec: { ...base(), tolerations: [{ operator: "Equal" }, { key: "k", operator: "Exists", value: "v", tolerationSeconds: 5, effect: "NoSchedule" }] },
    expect: [
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      "spec.tolerations[1].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
    ],
  },
  {
    name: "node affinity needs valid operators and weights",
    spec: {
      ...base(),
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "Gt", values: [] }] }] },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
        },
      },
    },
    expect: [
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
      "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100",
    ],
  },
  {
    name: "pod anti-affinity terms need a topology key",
    spec: {
      ...base(),
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "" }] } },
    },
    expect: [
      "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      `spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": ${qualifiedMsg}`,
    ],
  },
  {
    name: "a negative grace period passes (upstream only warns) while activeDeadlineSeconds must be at least 1",
    spec: { ...base(), terminationGracePeriodSeconds: -1, activeDeadlineSeconds: 0 },
    expect: ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"],
  },
  {
    name: "hostname and subdomain are DNS labels",
    spec: { ...base(), hostname: "Web", subdomain: "a.b" },
    expect: [`spec.hostname: ${labelMsg("Web")}`, `spec.subdomain: ${labelMsg("a.b")}`],
  },
  {
    name: "plain init containers may not have probes or lifecycle hooks",
    spec: { ...base(), initContainers: [{ name: "init", image: "i", readinessProbe: { exec: { command: ["true"] } } }] },
    expect: ["spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"],
  },
  {
    name: "sidecar init containers may have probes, which are validated",
    spec: { ...base(), initContainers: [{ name: "proxy", image: "i", restartPolicy: "Always", readinessProbe: {} } as Container] },
    expect: ["spec.initContainers[0].readinessProbe: Required value: must specify a handler type"],
  },
  {
    name: "a regular container may not set a restart policy",
    spec: withContainer({ restartPolicy: "Always" } as Partial<Container>),
    expect: [`${c0}.restartPolicy: Forbidden: may not be set for non-init containers`],
  },
  {
    name: "dnsPolicy None needs a dnsConfig with a nameserver",
    spec: { ...base(), dnsPolicy: "None", dnsConfig: { nameservers: [] } },
    expect: ["spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None"],
  },
  {
    name: "a template with hostNetwork may leave host ports 0 but not set a different one",
    spec: { hostNetwork: true, containers: [{ name: "a", image: "i", ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 82 }] }] },
    expect: [`${c0}.ports[1].hostPort: Invalid value: 82: must match \`containerPort\` when \`hostNetwork\` is true`],
  },
];

describe("validatePodSpec", () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(check(c.spec, c.defaults ?? true), c.expect));
});

describe("validatePodTemplateSpec", () => {
  function checkTemplate(t: PodTemplateSpec): string[] {
    const template = structuredClone(t);
    defaultPodTemplateSpec(template);
    return validatePodTemplateSpec(template, "spec.template").map(formatFieldError);
  }

  test("a defaulted template with labels is valid", () => {
    assert.deepEqual(checkTemplate({ metadata: { labels: { app: "web" } }, spec: base() }), []);
  });

  test("template labels and spec are checked under the template's path", () => {
    assert.deepEqual(checkTemplate({ metadata: { labels: { app: "-web" } }, spec: { containers: [] } }), [
      `spec.template.labels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      "spec.template.spec.containers: Required value",
    ]);
  });

  test("ephemeral containers are not allowed in a template", () => {
    const spec = { ...base(), ephemeralContainers: [{ name: "debug", image: "busybox" }] };
    assert.deepEqual(checkTemplate({ spec }), ["spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template"]);
  });

  test("the pod deletion cost annotation must be a 32-bit integer", () => {
    const t = { metadata: { annotations: { "controller.kubernetes.io/pod-deletion-cost": "a lot" } }, spec: base() };
    assert.deepEqual(checkTemplate(t), ['spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "a lot": must be a 32bit integer']);
  });
});

describe("security contexts", () => {
  const rows: Array<[string, PodSpec, string[]]> = [
    [
      "pod user and group IDs are 0 to 2147483647",
      { ...base(), securityContext: { runAsUser: -1, fsGroup: 2147483648, supplementalGroups: [5, -2] } },
      [
        "spec.securityContext.fsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive",
        "spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
        "spec.securityContext.supplementalGroups[1]: Invalid value: -2: must be between 0 and 2147483647, inclusive",
      ],
    ],
    [
      "a seccomp profile needs a known type, and a path only for Localhost",
      { ...base(), securityContext: { seccompProfile: { type: "Strict" } } },
      ['spec.securityContext.seccompProfile.type: Unsupported value: "Strict": supported values: "Localhost", "RuntimeDefault", "Unconfined"'],
    ],
    [
      "a Localhost seccomp profile needs its path",
      withContainer({ securityContext: { seccompProfile: { type: "Localhost" } } }),
      ["spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost"],
    ],
    [
      "a container user ID is in range",
      withContainer({ securityContext: { runAsUser: -5 } }),
      ["spec.containers[0].securityContext.runAsUser: Invalid value: -5: must be between 0 and 2147483647, inclusive"],
    ],
  ];
  for (const [name, spec, expect] of rows) test(name, () => assert.deepEqual(check(spec, true), expect));
});
