/**
 * The part of Kubernetes' strategic merge patch our overlays may use, with its semantics:
 *  - objects merge key by key, recursively; a `null` in the patch removes the key;
 *  - a list of containers, init containers, env vars or volumes merges item by item on `name`,
 *    a list of volume mounts on `mountPath` (their patchMergeKey in the Kubernetes API); an item
 *    whose key is new is appended;
 *  - any other list is replaced whole (what SMP does for lists without a merge strategy);
 *  - `$patch`, `$setElementOrder` and other directives are refused rather than misapplied.
 * Pure; returns a new value.
 */
import { isRecord } from './k8s-object';

const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

export function strategicMerge(target: unknown, patch: unknown, field = ''): unknown {
  if (isRecord(patch) && isRecord(target)) {
    const merged: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(patch)) {
      if (key.startsWith('$')) throw new Error(`strategic merge directive ${key} is not supported by this renderer`);
      if (value === null) delete merged[key];
      else merged[key] = key in target ? strategicMerge(target[key], value, key) : value;
    }
    return merged;
  }
  const mergeKey = MERGE_KEYS[field];
  if (mergeKey !== undefined && Array.isArray(target) && Array.isArray(patch)) return mergeList(target, patch, mergeKey, field);
  return patch;
}

function mergeList(target: unknown[], patch: unknown[], mergeKey: string, field: string): unknown[] {
  const merged = [...target];
  for (const item of patch) {
    if (!isRecord(item) || typeof item[mergeKey] !== 'string') throw new Error(`${field}: every patch item needs a "${mergeKey}"`);
    const at = merged.findIndex((existing) => isRecord(existing) && existing[mergeKey] === item[mergeKey]);
    if (at === -1) merged.push(item);
    else merged[at] = strategicMerge(merged[at], item, field);
  }
  return merged;
}
