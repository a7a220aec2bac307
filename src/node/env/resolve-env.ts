import type { Container, Pod } from "kubernetes-types/core/v1.js";
import { type ConfigObjects, configMapValues, secretValues } from "../config-objects.js";
import type { EnvVar } from "../runtime/runtime.js";
import { expand } from "./expansion.js";
import { type DownwardContext, DownwardError, containerResourceValue, podFieldValue } from "./field-values.js";

/**
 * A container that cannot be configured (a missing ConfigMap, Secret or key): its start fails with
 * reason CreateContainerConfigError and this message, worded as the kubelet words it.
 */
export class ContainerConfigError extends Error {
  override readonly name = "ContainerConfigError";
}

export interface EnvOptions extends DownwardContext {
  readonly objects: ConfigObjects;
}

/** The kubelet's makeEnvironmentVariables: envFrom in order, then env with $(VAR) expanded against what came before. */
export async function resolveEnv(pod: Pod, container: Container, options: EnvOptions): Promise<EnvVar[]> {
  const env = new Map<string, string>();
  const namespace = pod.metadata?.namespace ?? "";
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? "";
    const values = await envFromValues(namespace, from, options.objects);
    for (const [k, v] of Object.entries(values ?? {})) env.set(prefix + k, v.toString());
  }
  for (const v of container.env ?? []) {
    const value = await envValue(pod, container, { v, env, options }).catch((err: unknown) => {
      throw err instanceof DownwardError ? new ContainerConfigError(err.message) : err;
    });
    if (value !== undefined) env.set(v.name, value);
  }
  return [...env].map(([name, value]) => ({ name, value }));
}

async function envFromValues(namespace: string, from: NonNullable<Container["envFrom"]>[number], objects: ConfigObjects): Promise<Record<string, Buffer> | undefined> {
  if (from.configMapRef) {
    const name = from.configMapRef.name ?? "";
    const cm = await objects.configMap(namespace, name);
    if (!cm && !from.configMapRef.optional) throw new ContainerConfigError(`configmap "${name}" not found`);
    return cm && configMapValues(cm);
  }
  if (from.secretRef) {
    const name = from.secretRef.name ?? "";
    const secret = await objects.secret(namespace, name);
    if (!secret && !from.secretRef.optional) throw new ContainerConfigError(`secret "${name}" not found`);
    return secret && secretValues(secret);
  }
  return undefined;
}

interface OneVar {
  readonly v: NonNullable<Container["env"]>[number];
  readonly env: ReadonlyMap<string, string>;
  readonly options: EnvOptions;
}

/** One env entry's value; undefined when an optional source is missing (the variable is left out). */
async function envValue(pod: Pod, container: Container, { v, env, options }: OneVar): Promise<string | undefined> {
  const from = v.valueFrom;
  if (!from) return expand(v.value ?? "", (name) => env.get(name));
  const namespace = pod.metadata?.namespace ?? "";
  if (from.fieldRef) return podFieldValue(pod, from.fieldRef.fieldPath, options);
  if (from.resourceFieldRef) {
    const target = from.resourceFieldRef.containerName
      ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === from.resourceFieldRef!.containerName)
      : container;
    return containerResourceValue(from.resourceFieldRef, target ?? container, options);
  }
  if (from.configMapKeyRef) {
    const { name = "", key, optional } = from.configMapKeyRef;
    const cm = await options.objects.configMap(namespace, name);
    if (!cm) {
      if (optional) return undefined;
      throw new ContainerConfigError(`configmap "${name}" not found`);
    }
    const value = configMapValues(cm)[key];
    if (value === undefined && !optional) throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
    return value?.toString();
  }
  if (from.secretKeyRef) {
    const { name = "", key, optional } = from.secretKeyRef;
    const secret = await options.objects.secret(namespace, name);
    if (!secret) {
      if (optional) return undefined;
      throw new ContainerConfigError(`secret "${name}" not found`);
    }
    const value = secretValues(secret)[key];
    if (value === undefined && !optional) throw new ContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
    return value?.toString();
  }
  return "";
}

/** ExpandContainerCommandAndArgs: command and args with $(VAR) references to the container's environment. */
export function expandArgv(container: Container, env: readonly EnvVar[]): string[] | undefined {
  const vars = new Map(env.map((e) => [e.name, e.value]));
  const lookup = (name: string): string | undefined => vars.get(name);
  const command = (container.command ?? []).map((c) => expand(c, lookup));
  const args = (container.args ?? []).map((a) => expand(a, lookup));
  if (command.length === 0 && args.length === 0) return undefined;
  // With args but no command the image's entrypoint would run them; the agent has none, so args stand alone.
  return command.length > 0 ? [...command, ...args] : args;
}
