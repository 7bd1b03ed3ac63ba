/**
 * A three-node Redis Cluster of a test's own (Debian's redis-server and redis-cli, found on
 * PATH): three masters on free ports, each with its cluster bus on another free port
 * (`--cluster-port`, so that port + 10000 never has to be free), joined by
 * `redis-cli --cluster create … --cluster-replicas 0`, and ready once every node reports
 * `cluster_state:ok`. `stop()` ends the servers and removes their data directories.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app-process';
import { waitFor } from './wait-for';

export interface RedisClusterProcess {
  /** `host:port` of every node, comma-separated: the value of REDIS_CLUSTER_NODES. */
  readonly nodes: string;
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

const NODES = 3;

export async function startRedisCluster(): Promise<RedisClusterProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'saga-redis-cluster-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((child) => stopChild(child)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < NODES; i += 1) {
      const port = await freePort();
      const busPort = await freePort();
      ports.push(port);
      children.push(await startNode(port, busPort, join(dir, String(port))));
    }
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed (${String(created.status ?? created.error)}):\n${created.stdout}${created.stderr}`);
    for (const port of ports) {
      await waitFor(() => Promise.resolve(/cluster_state:ok/.test(redisCli(port, 'CLUSTER', 'INFO')) ? true : undefined), 30_000, `cluster node ${port} to report cluster_state:ok`, 100);
    }
    return { nodes: addresses.join(','), ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startNode(port: number, busPort: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
  return new Promise((ready, fail) => {
    mkdirSync(dir, { recursive: true });
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (/ready to accept connections/i.test(log)) ready(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server (cluster node ${port}) exited with ${String(code)}: ${log}`)));
  });
}

function redisCli(port: number, ...command: string[]): string {
  const result = spawnSync('redis-cli', ['-p', String(port), ...command], { encoding: 'utf8', timeout: 5_000 });
  return result.stdout ?? '';
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
