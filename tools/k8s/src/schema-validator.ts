/**
 * Validates rendered objects against the published schemas: Kubernetes' OpenAPI definitions as
 * compiled by `kubernetes-models`, and KEDA's own CRD schema (v2.10) for ScaledObject, compiled
 * by `@kubernetes-models/keda`. Both check types, required fields, enums and formats. Neither
 * rejects an unknown (e.g. misspelt) field: the schemas do not forbid them; an API server with
 * strict field validation would. Returns problems, never throws.
 */
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import type { K8sObject } from './k8s-object';

interface Validatable {
  validate(): void;
}

const MODELS: Readonly<Record<string, (data: K8sObject) => Validatable>> = {
  'v1/ConfigMap': (data) => new ConfigMap(data),
  'v1/Secret': (data) => new Secret(data),
  'v1/Service': (data) => new Service(data),
  'apps/v1/Deployment': (data) => new Deployment(data),
  'autoscaling/v2/HorizontalPodAutoscaler': (data) => new HorizontalPodAutoscaler(data),
  'policy/v1/PodDisruptionBudget': (data) => new PodDisruptionBudget(data),
  'keda.sh/v1alpha1/ScaledObject': (data) => new ScaledObject(data as never),
};

/** RFC 1123 label: what Kubernetes requires of names and namespaces. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function schemaProblems(object: K8sObject): string[] {
  const where = `${object.kind} ${object.metadata.name}`;
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (model === undefined) return [`${where}: ${object.apiVersion} ${object.kind} has no schema here (add it to MODELS)`];
  const problems: string[] = [];
  if (!DNS_LABEL.test(object.metadata.name)) problems.push(`${where}: name is not a DNS-1123 label`);
  if (object.metadata.namespace !== undefined && !DNS_LABEL.test(object.metadata.namespace)) problems.push(`${where}: namespace is not a DNS-1123 label`);
  try {
    model(object).validate();
  } catch (error) {
    problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}
