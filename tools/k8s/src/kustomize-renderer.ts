/**
 * Renders a kustomization directory the way `kubectl kustomize` does, for the features our
 * manifests use — and refuses every other field, so a kustomization cannot silently mean more to
 * kustomize than to this renderer. (No kustomize implementation is published on npm, and this
 * machine has no kubectl.)
 *
 * Supported kustomization fields and their semantics:
 *  - `resources`: YAML files (several documents each) or directories holding a kustomization,
 *    rendered first, in order;
 *  - `patches`: `- path: file.yaml` strategic-merge patches (see `strategicMerge`), each aimed
 *    at the one resource with its kind and name, which must exist;
 *  - `namespace`: set on every resource;
 *  - `images`: `name`, `newName`, `newTag` rewrite the image of every matching container.
 * Resource ids (kind, namespace, name) must be unique, as kustomize requires.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isRecord, objectId, type K8sObject } from './k8s-object';
import { strategicMerge } from './strategic-merge';

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'patches', 'namespace', 'images']);

interface ImageRule {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
}

export function renderKustomization(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const [kustomization] = readYaml(file);
  if (!isRecord(kustomization) || kustomization.kind !== 'Kustomization') throw new Error(`${file}: not a Kustomization`);
  for (const key of Object.keys(kustomization)) if (!SUPPORTED.has(key)) throw new Error(`${file}: field "${key}" is not supported by this renderer`);

  let objects: K8sObject[] = [];
  for (const resource of asStrings(kustomization.resources, `${file} resources`)) {
    const path = join(dir, resource);
    objects.push(...(existsSync(path) && statSync(path).isDirectory() ? renderKustomization(path) : readYaml(path).map((doc) => asObject(doc, path))));
  }
  for (const entry of asArray(kustomization.patches, `${file} patches`)) {
    if (!isRecord(entry) || typeof entry.path !== 'string' || Object.keys(entry).length !== 1) throw new Error(`${file}: only "- path: <strategic merge patch>" patches are supported`);
    const patchFile = join(dir, entry.path);
    for (const patch of readYaml(patchFile).map((doc) => asObject(doc, patchFile))) objects = applyPatch(objects, patch, patchFile);
  }
  if (kustomization.namespace !== undefined) {
    if (typeof kustomization.namespace !== 'string') throw new Error(`${file}: namespace must be a string`);
    const namespace = kustomization.namespace;
    objects = objects.map((object) => ({ ...object, metadata: { ...object.metadata, namespace } }));
  }
  for (const rule of asArray(kustomization.images, `${file} images`)) objects = objects.map((object) => setImage(object, rule as ImageRule));

  const ids = objects.map(objectId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) throw new Error(`${file}: resource ${duplicate} appears twice`);
  return objects;
}

function applyPatch(objects: K8sObject[], patch: K8sObject, file: string): K8sObject[] {
  const matches = objects.filter((object) => object.kind === patch.kind && object.metadata.name === patch.metadata.name);
  if (matches.length !== 1) throw new Error(`${file}: the patch must match exactly one resource, ${patch.kind} ${patch.metadata.name} matches ${matches.length}`);
  return objects.map((object) => (object === matches[0] ? (strategicMerge(object, patch) as K8sObject) : object));
}

function setImage(object: K8sObject, rule: ImageRule): K8sObject {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isRecord(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) copy[key] = rewrite(child);
    if (typeof value.image === 'string' && typeof value.name === 'string' && imageName(value.image) === rule.name) {
      copy.image = `${rule.newName ?? rule.name}${rule.newTag !== undefined ? `:${rule.newTag}` : imageSuffix(value.image)}`;
    }
    return copy;
  };
  return rewrite(object) as K8sObject;
}

function imageName(image: string): string {
  return image.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
}

function imageSuffix(image: string): string {
  return image.slice(imageName(image).length);
}

function readYaml(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((error) => error.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
}

function asObject(doc: unknown, path: string): K8sObject {
  if (!isRecord(doc) || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string' || !isRecord(doc.metadata) || typeof doc.metadata.name !== 'string') {
    throw new Error(`${path}: every document needs apiVersion, kind and metadata.name`);
  }
  return doc as K8sObject;
}

function asArray(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}

function asStrings(value: unknown, what: string): string[] {
  return asArray(value, what).map((item) => {
    if (typeof item !== 'string') throw new Error(`${what}: every entry must be a path`);
    return item;
  });
}
