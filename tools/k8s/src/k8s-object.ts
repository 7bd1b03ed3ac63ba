/** A Kubernetes object as parsed from YAML: only the type meta and metadata are assumed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Kind/namespace/name`, how kustomize tells resources apart. */
export function objectId(object: K8sObject): string {
  return `${object.kind}/${object.metadata.namespace ?? '~'}/${object.metadata.name}`;
}
