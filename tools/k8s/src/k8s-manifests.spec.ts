/**
 * deploy/k8s: every overlay renders (kustomize semantics, see `renderKustomization`), every
 * rendered object validates against the Kubernetes schemas (KEDA's CRD schema for
 * ScaledObjects), the objects refer to each other correctly, and each app's pod environment
 * passes that app's own config loader and covers the README's configuration table.
 * No cluster runs here: nothing is applied, scheduled, probed or scaled.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderKustomization } from './kustomize-renderer';
import { autoscalingProblems, environmentProblems, podProblems, referenceProblems, RenderedManifests, variablesGiven } from './manifest-checks';
import { schemaProblems } from './schema-validator';
import { strategicMerge } from './strategic-merge';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const K8S = join(ROOT, 'deploy', 'k8s');
const OVERLAYS = ['dev', 'production'] as const;
const PRODUCT_APPS = ['order-api', 'inventory-worker', 'payment-worker', 'notification-worker'];

/** The README's configuration table: variable names by who uses them (not those whose default is "unset": optional features, e.g. tracing). */
function readmeVariables(): { product: string[]; sandbox: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  const product: string[] = [];
  const sandbox: string[] = [];
  for (const row of section.split('\n').filter((line) => /^\| `[A-Z]/.test(line))) {
    const [, names = '', fallback = '', usedBy = ''] = row.split('|').map((cell) => cell.trim());
    const variables = [...names.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1] ?? '');
    if (usedBy.startsWith('scripts') || fallback.startsWith('unset')) continue;
    (usedBy.startsWith('sandbox') ? sandbox : product).push(...variables);
  }
  return { product, sandbox };
}

function render(overlay: string): RenderedManifests {
  return new RenderedManifests(renderKustomization(join(K8S, 'overlays', overlay)));
}

describe('deploy/k8s overlays', () => {
  for (const overlay of OVERLAYS) {
    it(`${overlay}: renders, and every object validates against its schema`, () => {
      const manifests = render(overlay);
      assert.ok(manifests.objects.length >= 14, `rendered ${manifests.objects.length} objects`);
      assert.deepEqual(manifests.objects.flatMap(schemaProblems), []);
      const namespaces = new Set(manifests.objects.map((object) => object.metadata.namespace));
      assert.deepEqual([...namespaces], [overlay === 'dev' ? 'saga-dev' : 'saga']);
    });

    it(`${overlay}: references resolve, pods are bounded, probed and non-root, autoscaling is wired`, () => {
      const manifests = render(overlay);
      assert.deepEqual(referenceProblems(manifests), []);
      assert.deepEqual(podProblems(manifests), []);
      assert.deepEqual(autoscalingProblems(manifests), []);
    });

    it(`${overlay}: each app's environment passes its own loader and covers the README's table`, () => {
      const manifests = render(overlay);
      assert.deepEqual(environmentProblems(manifests), []);
      const { product, sandbox } = readmeVariables();
      assert.ok(product.length > 30, `read ${product.length} variables from the README`);
      const given = variablesGiven(manifests, PRODUCT_APPS);
      assert.deepEqual(product.filter((name) => !given.has(name)), [], 'every product variable is set in the ConfigMap or a Secret');
      if (overlay === 'dev') {
        const sandboxGiven = variablesGiven(manifests, ['sandbox']);
        assert.deepEqual(sandbox.filter((name) => !sandboxGiven.has(name)), [], 'every sandbox variable is set on the sandbox');
      }
    });
  }

  it('dev runs the sandbox as provider and mail server; production talks to Stripe with a key from a Secret, on a pinned image', () => {
    const dev = render('dev');
    assert.ok(dev.find('Deployment', 'sandbox'));
    const devPayment = dev.find('Deployment', 'payment-worker');
    assert.ok(devPayment);
    const devEnv = variablesAndValues(dev, 'payment-worker');
    assert.equal(devEnv.PAYMENT_PROVIDER_URL, 'http://sandbox:4000');
    assert.equal(variablesAndValues(dev, 'notification-worker').SMTP_URL, 'smtp://sandbox:2525');

    const production = render('production');
    assert.equal(production.find('Deployment', 'sandbox'), undefined, 'no sandbox in production');
    const env = variablesAndValues(production, 'payment-worker');
    assert.equal(env.PAYMENT_PROVIDER_URL, 'https://api.stripe.com');
    const container = containerOf(production, 'payment-worker') as { env: { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[] };
    assert.equal(container.env.find((variable) => variable.name === 'PAYMENT_API_KEY')?.valueFrom?.secretKeyRef?.name, 'saga-payment-provider');
    for (const deployment of production.of('Deployment')) {
      const image = (containerOf(production, deployment.metadata.name) as { image: string }).image;
      assert.match(image, /^registry\.example\.com\/saga-orchestrator:\d+\.\d+\.\d+$/, `${deployment.metadata.name} runs a pinned image`);
    }
  });

  it('MongoDB and Redis are external: no pod runs them, their URLs come from a Secret', () => {
    for (const overlay of OVERLAYS) {
      const manifests = render(overlay);
      const kinds = new Set(manifests.objects.map((object) => object.kind));
      assert.ok(!kinds.has('StatefulSet') && !kinds.has('PersistentVolumeClaim'), `${overlay}: no stateful workload`);
      assert.ok(!JSON.stringify(manifests.objects).match(/"image":"[^"]*(mongo|redis)/), `${overlay}: no MongoDB or Redis image`);
      for (const app of PRODUCT_APPS) {
        const container = containerOf(manifests, app) as { env: { name: string; valueFrom?: { secretKeyRef?: unknown } }[] };
        for (const name of ['MONGO_URL', 'REDIS_URL']) assert.ok(container.env.find((variable) => variable.name === name)?.valueFrom?.secretKeyRef, `${overlay} ${app}: ${name} from a Secret`);
      }
    }
  });
});

describe('the kustomize renderer', () => {
  it('merges containers and env by name, replaces other lists, deletes on null, refuses directives', () => {
    const target = { spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }], args: ['--one'] }], keep: 1, drop: 2 } };
    const patch = { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: '2' }], args: ['--two'] }, { name: 'b', image: 'y' }], drop: null } };
    assert.deepEqual(strategicMerge(target, patch), {
      spec: {
        containers: [
          { name: 'a', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['--two'] },
          { name: 'b', image: 'y' },
        ],
        keep: 1,
      },
    });
    assert.throws(() => strategicMerge({ a: [] }, { a: [], $patch: 'replace' }), /not supported/);
  });

  it('refuses a kustomization field it does not implement, and a patch that matches nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
    try {
      writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  A: "1"\n');
      writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [cm.yaml]\ncommonLabels: { a: b }\n');
      assert.throws(() => renderKustomization(dir), /"commonLabels" is not supported/);
      writeFileSync(join(dir, 'patch.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\ndata:\n  A: "2"\n');
      writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [cm.yaml]\npatches: [{ path: patch.yaml }]\n');
      assert.throws(() => renderKustomization(dir), /matches 0/);
      writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ns\nresources: [cm.yaml]\n');
      assert.deepEqual(renderKustomization(dir), [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'ns' }, data: { A: '1' } }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a broken manifest fails validation: the checks can fail', () => {
    const manifests = render('production');
    const api = manifests.find('Deployment', 'order-api');
    assert.ok(api);
    const broken = JSON.parse(JSON.stringify(api)) as { spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } } };
    const [container] = broken.spec.template.spec.containers;
    assert.ok(container?.ports[0]);
    container.ports[0].containerPort = 'http';
    assert.notDeepEqual(schemaProblems(broken as never), []);
    const scaled = manifests.find('ScaledObject', 'payment-worker');
    assert.ok(scaled);
    const wrongQueue = JSON.parse(JSON.stringify(scaled).replace('queue=\\"payment\\"', 'queue=\\"inventory\\"'));
    const others = manifests.objects.filter((object) => object !== scaled);
    assert.match(autoscalingProblems(new RenderedManifests([...others, wrongQueue])).join('\n'), /payment-worker: needs a prometheus trigger/);
  });
});

function containerOf(manifests: RenderedManifests, app: string): unknown {
  const deployment = manifests.find('Deployment', app);
  assert.ok(deployment, `Deployment ${app}`);
  return (deployment.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers[0];
}

function variablesAndValues(manifests: RenderedManifests, app: string): Record<string, string> {
  return manifests.environment(containerOf(manifests, app) as never).env;
}
