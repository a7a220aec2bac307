/** What makes pod i's value its own. */
interface PodFill {
  readonly index: string;
  readonly uid: string;
  readonly ip: string;
}

function fillOf(i: number): PodFill {
  return { index: String(i), uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, ip: `10.244.${(i >> 8) & 255}.${i & 255}` };
}

/** The object podLikeValue writes; without what the server sets (uid, creationTimestamp, status) when not `stored`. */
function podLikeObject(fill: PodFill, stored: boolean): Record<string, unknown> {
  const name = `web-${fill.index}`;
  const pod: Record<string, unknown> = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      ...(stored ? { uid: fill.uid } : {}),
      labels: { app: "web", "apps.kubernetes.io/pod-index": fill.index, "statefulset.kubernetes.io/pod-name": name },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "1b2c", controller: true, blockOwnerDeletion: true }],
      ...(stored ? { creationTimestamp: "2024-01-01T00:00:00Z" } : {}),
    },
    spec: {
      containers: [
        {
          name: "web",
          image: "registry.k8s.io/nginx-slim:0.27",
          command: ["sh", "-c", "sleep 3600"],
          ports: [{ containerPort: 80, name: "web", protocol: "TCP" }],
          resources: {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
          imagePullPolicy: "IfNotPresent",
          volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }],
        },
      ],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      hostname: name,
      subdomain: "nginx",
      schedulerName: "default-scheduler",
      securityContext: {},
      volumes: [{ name: "www", persistentVolumeClaim: { claimName: `www-${name}` } }],
      tolerations: [
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      ],
    },
  };
  if (!stored) return pod;
  pod.status = {
    phase: "Running",
    conditions: ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map((type) => ({
      type,
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: "2024-01-01T00:00:01Z",
    })),
    hostIP: "10.0.0.1",
    podIP: fill.ip,
    startTime: "2024-01-01T00:00:00Z",
  };
  return pod;
}

/** Pod i as a client creates it, built afresh (a request's decoded body) at little cost of its own. */
export function podCreateBody(i: number): Record<string, unknown> {
  return podLikeObject(fillOf(i), false);
}

/**
 * podLikeObject's JSON cut around its fills once: a JSON.stringify per value cost ~13 µs, a
 * fifth of a raw store write, and so understated the baselines that scenarios divide by.
 * Alternating pieces: text, fill name, text, ….
 */
const template = JSON.stringify(podLikeObject({ index: "<<index>>", uid: "<<uid>>", ip: "<<ip>>" }, true)).split(/<<(index|uid|ip)>>/);

/** A JSON value shaped and sized like a stored Pod (~1.5 KB), distinct per index. */
export function podLikeValue(i: number): string {
  const fill = fillOf(i);
  let out = template[0]!;
  for (let k = 1; k < template.length; k += 2) out += fill[template[k] as keyof PodFill] + template[k + 1]!;
  return out;
}

/** podLikeValue made the plain way, for its test. */
export function podLikeValueByStringify(i: number): string {
  return JSON.stringify(podLikeObject(fillOf(i), true));
}
