/**
 * What the schemas cannot see: how the rendered objects refer to each other and whether the
 * environment they give each app is one that app accepts. Each check returns problems.
 *
 *  - references: every ConfigMap/Secret (and Secret key) a pod uses exists; every Service, PDB,
 *    HPA and ScaledObject selects or targets a Deployment; a probe's or Service's named port exists;
 *  - pods: resource requests and limits, liveness and readiness probes, non-root, and a
 *    termination grace longer than SHUTDOWN_GRACE_MS plus the preStop pause;
 *  - autoscaling: every worker has a ScaledObject on its own queue's backlog (saga_queue_jobs,
 *    waiting and delayed), the API an HPA on CPU, nothing both;
 *  - environment: each app's variables, as the pod would get them, pass that app's own loader
 *    from `@app/config` (the one code that reads process.env).
 */
import { loadApiConfig, loadSandboxConfig, loadWorkerConfig, type RawEnv } from '@app/config';
import { QUEUE, type QueueName } from '@app/contracts';
import { isRecord, type K8sObject } from './k8s-object';

/** The Deployment of each app, the loader that validates its environment, and the queue it consumes. */
const APPS: Readonly<Record<string, { readonly load: (env: RawEnv) => unknown; readonly queue?: QueueName }>> = {
  'order-api': { load: loadApiConfig },
  'inventory-worker': { load: loadWorkerConfig, queue: QUEUE.INVENTORY },
  'payment-worker': { load: loadWorkerConfig, queue: QUEUE.PAYMENT },
  'notification-worker': { load: loadWorkerConfig, queue: QUEUE.NOTIFICATION },
  sandbox: { load: loadSandboxConfig },
};

interface Container {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
}

interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
}

interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean };
}

function podSpec(deployment: K8sObject): PodSpec {
  const spec = deployment.spec as { template: { spec: PodSpec } };
  return spec.template.spec;
}

function podLabels(deployment: K8sObject): Record<string, string> {
  return (deployment.spec as { template: { metadata: { labels?: Record<string, string> } } }).template.metadata.labels ?? {};
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function stringMap(object: K8sObject | undefined): Record<string, string> {
  if (object === undefined) return {};
  const data = isRecord(object.data) ? object.data : {};
  const decoded = object.kind === 'Secret' ? Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(String(value), 'base64').toString('utf8')])) : data;
  const stringData = isRecord(object.stringData) ? object.stringData : {};
  return Object.fromEntries(Object.entries({ ...decoded, ...stringData }).map(([key, value]) => [key, String(value)]));
}

export class RenderedManifests {
  private readonly byKind = new Map<string, K8sObject[]>();

  constructor(readonly objects: readonly K8sObject[]) {
    for (const object of objects) this.byKind.set(object.kind, [...(this.byKind.get(object.kind) ?? []), object]);
  }

  of(kind: string): K8sObject[] {
    return this.byKind.get(kind) ?? [];
  }

  find(kind: string, name: string): K8sObject | undefined {
    return this.of(kind).find((object) => object.metadata.name === name);
  }

  /** The environment a container gets: envFrom first, then env (which wins), secrets resolved. */
  environment(container: Container): { env: Record<string, string>; problems: string[] } {
    const env: Record<string, string> = {};
    const problems: string[] = [];
    for (const source of container.envFrom ?? []) {
      const ref = source.configMapRef ?? source.secretRef;
      const kind = source.configMapRef !== undefined ? 'ConfigMap' : 'Secret';
      const object = ref === undefined ? undefined : this.find(kind, ref.name);
      if (object === undefined) problems.push(`${container.name}: envFrom ${kind} ${ref?.name ?? '?'} does not exist`);
      Object.assign(env, stringMap(object));
    }
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
      if (ref === undefined) {
        env[variable.name] = variable.value ?? '';
        continue;
      }
      const kind = variable.valueFrom?.secretKeyRef !== undefined ? 'Secret' : 'ConfigMap';
      const value = stringMap(this.find(kind, ref.name))[ref.key];
      if (value === undefined) problems.push(`${container.name}: ${variable.name} refers to ${kind} ${ref.name} key ${ref.key}, which does not exist`);
      else env[variable.name] = value;
    }
    return { env, problems };
  }
}

export function referenceProblems(manifests: RenderedManifests): string[] {
  const problems: string[] = [];
  const deployments = manifests.of('Deployment');
  for (const deployment of deployments) {
    const where = `Deployment ${deployment.metadata.name}`;
    const selector = (deployment.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
    if (!selects(selector, podLabels(deployment))) problems.push(`${where}: its selector does not match its pod labels`);
    for (const container of podSpec(deployment).containers) {
      const ports = container.ports ?? [];
      for (const [kind, probe] of [['liveness', container.livenessProbe], ['readiness', container.readinessProbe], ['startup', container.startupProbe]] as const) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (typeof port === 'string' && !ports.some((p) => p.name === port)) problems.push(`${where}: the ${kind} probe's port "${port}" is not declared`);
      }
      problems.push(...manifests.environment(container).problems.map((problem) => `${where}: ${problem}`));
    }
  }
  for (const service of manifests.of('Service')) {
    const spec = service.spec as { selector?: Record<string, string>; ports: { name?: string; targetPort?: string | number }[] };
    const target = deployments.find((deployment) => selects(spec.selector, podLabels(deployment)));
    if (target === undefined) {
      problems.push(`Service ${service.metadata.name}: selects no Deployment's pods`);
      continue;
    }
    const declared = podSpec(target).containers.flatMap((container) => container.ports ?? []);
    for (const port of spec.ports) {
      if (typeof port.targetPort === 'string' && !declared.some((p) => p.name === port.targetPort)) problems.push(`Service ${service.metadata.name}: targetPort "${port.targetPort}" is not a port of ${target.metadata.name}`);
    }
  }
  for (const pdb of manifests.of('PodDisruptionBudget')) {
    const selector = (pdb.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
    if (!deployments.some((deployment) => selects(selector, podLabels(deployment)))) problems.push(`PodDisruptionBudget ${pdb.metadata.name}: selects no Deployment's pods`);
  }
  return problems;
}

export function podProblems(manifests: RenderedManifests): string[] {
  const problems: string[] = [];
  for (const deployment of manifests.of('Deployment')) {
    const where = `Deployment ${deployment.metadata.name}`;
    const pod = podSpec(deployment);
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pods must run as non-root`);
    for (const container of pod.containers) {
      if (container.resources?.requests?.cpu === undefined || container.resources.requests.memory === undefined) problems.push(`${where}: ${container.name} needs cpu and memory requests`);
      if (container.resources?.limits?.memory === undefined) problems.push(`${where}: ${container.name} needs a memory limit`);
      if (container.livenessProbe === undefined || container.readinessProbe === undefined) problems.push(`${where}: ${container.name} needs liveness and readiness probes`);
      const graceMs = Number(manifests.environment(container).env.SHUTDOWN_GRACE_MS ?? NaN);
      if (Number.isNaN(graceMs)) continue;
      const preStop = container.lifecycle?.preStop?.exec?.command;
      const pauseMs = preStop?.[0] === 'sleep' ? Number(preStop[1]) * 1_000 : 0;
      const terminationMs = (pod.terminationGracePeriodSeconds ?? 30) * 1_000;
      if (terminationMs <= graceMs + pauseMs) problems.push(`${where}: terminationGracePeriodSeconds (${terminationMs} ms) must exceed the preStop pause plus SHUTDOWN_GRACE_MS (${pauseMs} + ${graceMs} ms), or the kubelet kills the drain`);
    }
  }
  return problems;
}

export function autoscalingProblems(manifests: RenderedManifests): string[] {
  const problems: string[] = [];
  const targetOf = (object: K8sObject): string => (object.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name;
  const hpaTargets = manifests.of('HorizontalPodAutoscaler').map(targetOf);
  const scaledTargets = manifests.of('ScaledObject').map(targetOf);
  for (const target of [...hpaTargets, ...scaledTargets]) if (manifests.find('Deployment', target) === undefined) problems.push(`an autoscaler targets Deployment ${target}, which does not exist`);
  for (const target of hpaTargets.filter((name) => scaledTargets.includes(name))) problems.push(`Deployment ${target} has both an HPA and a ScaledObject`);
  if (!hpaTargets.includes('order-api')) problems.push('order-api needs an HPA');
  for (const hpa of manifests.of('HorizontalPodAutoscaler')) {
    const metrics = (hpa.spec as { metrics?: { resource?: { name: string } }[] }).metrics ?? [];
    if (!metrics.some((metric) => metric.resource?.name === 'cpu')) problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name}: scales on CPU`);
  }
  for (const [app, { queue }] of Object.entries(APPS)) {
    if (queue === undefined) continue;
    const scaled = manifests.of('ScaledObject').find((object) => targetOf(object) === app);
    if (scaled === undefined) {
      problems.push(`worker ${app} needs a ScaledObject`);
      continue;
    }
    const spec = scaled.spec as { minReplicaCount?: number; triggers: { type: string; metadata: Record<string, string> }[] };
    if ((spec.minReplicaCount ?? 0) < 1) problems.push(`ScaledObject ${app}: minReplicaCount must be at least 1 (every worker kind runs the recovery sweep)`);
    const query = spec.triggers.find((trigger) => trigger.type === 'prometheus')?.metadata.query ?? '';
    const backlog = query.includes('saga_queue_jobs') && query.includes(`queue="${queue}"`) && /waiting/.test(query) && /delayed/.test(query);
    if (!backlog) problems.push(`ScaledObject ${app}: needs a prometheus trigger on saga_queue_jobs{queue="${queue}"} waiting plus delayed (got "${query}")`);
  }
  return problems;
}

/** Each app's environment, as its pod would get it, passes that app's own loader. */
export function environmentProblems(manifests: RenderedManifests): string[] {
  const problems: string[] = [];
  for (const [app, { load }] of Object.entries(APPS)) {
    const deployment = manifests.find('Deployment', app);
    if (deployment === undefined) continue;
    for (const container of podSpec(deployment).containers) {
      try {
        load(manifests.environment(container).env);
      } catch (error) {
        problems.push(`Deployment ${app}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return problems;
}

/** The variables the pods of `apps` get, together. */
export function variablesGiven(manifests: RenderedManifests, apps: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const app of apps) {
    const deployment = manifests.find('Deployment', app);
    if (deployment === undefined) continue;
    for (const container of podSpec(deployment).containers) for (const name of Object.keys(manifests.environment(container).env)) names.add(name);
  }
  return names;
}
