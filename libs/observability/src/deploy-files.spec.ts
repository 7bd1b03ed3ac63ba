/**
 * The Grafana dashboard (`deploy/grafana/*.json`) and the Prometheus alert rules
 * (`deploy/prometheus/*.yml`) parse, have the shape their tools load, and name only metrics this
 * product exports: every `saga_*`, `process_*` and `nodejs_*` name in their queries is a series
 * of the registry (a histogram's `_bucket`, `_sum`, `_count` included). No I/O but reading them.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { MetricsRegistry } from './metrics/metrics-registry';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const METRIC_NAME = /\b(?:saga|process|nodejs)_[a-z0-9_]+\b/g;

function filesIn(dir: string, extension: RegExp): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((name) => extension.test(name))
    .map((name) => join(ROOT, dir, name));
}

/** Every PromQL expression in a Grafana dashboard, rows' nested panels included. */
function dashboardQueries(dashboard: { panels?: unknown[] }): string[] {
  const queries: string[] = [];
  const visit = (panels: unknown[]): void => {
    for (const panel of panels as { panels?: unknown[]; targets?: { expr?: unknown }[] }[]) {
      for (const target of panel.targets ?? []) if (typeof target.expr === 'string') queries.push(target.expr);
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels ?? []);
  return queries;
}

async function assertKnownMetrics(queries: readonly string[], where: string): Promise<void> {
  const known = await new MetricsRegistry({ app: 'check' }).seriesNames();
  assert.ok(queries.length > 0, `${where}: no queries`);
  for (const query of queries) {
    const names = query.match(METRIC_NAME) ?? [];
    assert.ok(names.length > 0, `${where}: "${query}" names none of our metrics`);
    for (const name of names) assert.ok(known.has(name), `${where}: "${name}" is not in the registry (query: ${query})`);
  }
}

describe('deploy/grafana and deploy/prometheus', () => {
  it('each dashboard parses, has a uid, a Prometheus datasource variable and queries on our metrics only', async () => {
    const files = filesIn('deploy/grafana', /\.json$/);
    assert.ok(files.length > 0);
    for (const file of files) {
      const dashboard = JSON.parse(readFileSync(file, 'utf8')) as { uid?: unknown; title?: unknown; panels?: unknown[]; templating?: { list?: { type?: string; query?: string }[] } };
      assert.equal(typeof dashboard.uid, 'string', file);
      assert.equal(typeof dashboard.title, 'string', file);
      assert.ok(dashboard.templating?.list?.some((variable) => variable.type === 'datasource' && variable.query === 'prometheus'), `${file}: a Prometheus datasource variable`);
      await assertKnownMetrics(dashboardQueries(dashboard), file);
    }
  });

  it('each rule file parses into groups of alerts with a severity and a summary, on our metrics only', async () => {
    const files = filesIn('deploy/prometheus', /\.ya?ml$/);
    assert.ok(files.length > 0);
    for (const file of files) {
      const content = parse(readFileSync(file, 'utf8')) as { groups?: { name?: unknown; rules?: { alert?: unknown; expr?: unknown; labels?: { severity?: unknown }; annotations?: { summary?: unknown } }[] }[] };
      assert.ok(Array.isArray(content.groups) && content.groups.length > 0, `${file}: groups`);
      const alerts = new Set<string>();
      const queries: string[] = [];
      for (const group of content.groups) {
        assert.equal(typeof group.name, 'string', `${file}: a group's name`);
        for (const rule of group.rules ?? []) {
          assert.equal(typeof rule.alert, 'string', `${file}: an alert's name`);
          assert.equal(alerts.has(String(rule.alert)), false, `${file}: ${String(rule.alert)} once`);
          alerts.add(String(rule.alert));
          assert.equal(typeof rule.expr, 'string', `${file}: ${String(rule.alert)} expr`);
          assert.match(String(rule.labels?.severity), /^(critical|warning|info)$/, `${file}: ${String(rule.alert)} severity`);
          assert.equal(typeof rule.annotations?.summary, 'string', `${file}: ${String(rule.alert)} summary`);
          queries.push(String(rule.expr));
        }
      }
      for (const wanted of ['SagaFailedOrders', 'SagaStuck', 'SagaQueueBacklog', 'SagaProviderErrors', 'SagaProviderCircuitOpen']) assert.ok(alerts.has(wanted), `${file}: ${wanted}`);
      await assertKnownMetrics(queries, file);
    }
  });

  it('catches a metric that does not exist', async () => {
    await assert.rejects(assertKnownMetrics(['rate(saga_orders_lost_total[5m])'], 'probe'), /saga_orders_lost_total/);
  });
});
