/** The CLI prints exactly one readiness line, serves clients, and exits 0 on SIGTERM/SIGINT. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';

const MAIN = path.join(__dirname, '..', 'src', 'main.js');

function runCli(signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--ttl-monitor-interval-ms', '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not become ready: ${out}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^mongo-dev-server listening on mongodb:\/\/127\.0\.0\.1:(\d+)\n$/.exec(out);
      if (!m) return;
      const client = new MongoClient(`mongodb://127.0.0.1:${m[1]}/?directConnection=true`);
      client
        .connect()
        .then(() => client.db('cli').command({ ping: 1 }))
        .then((r) => assert.equal(r['ok'], 1))
        .then(() => client.close())
        .then(() => child.kill(signal))
        .catch(reject);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      try {
        assert.equal(code, 0);
        assert.equal(out.split('\n').filter(Boolean).length, 1, 'exactly one line on stdout');
        resolve();
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

describe('mongo-dev-server CLI', () => {
  it('prints the readiness line and exits cleanly on SIGTERM', () => runCli('SIGTERM'));
  it('exits cleanly on SIGINT', () => runCli('SIGINT'));
});
