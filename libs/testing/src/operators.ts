/**
 * Console operators for tests: added through the real CLI (`npm run operator -- add <name>`,
 * from dist/) in a test's database, and signed in over HTTP with the session cookie and its CSRF
 * token, the way the dashboard does.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'dist', 'apps', 'order-api', 'src', 'admin', 'operators', 'operator.cli.js');
const REGISTER = join(ROOT, 'tools', 'runtime', 'register-paths.js');

/** Runs the operator CLI with `env` alone (MONGO_URL, MONGO_DB), like every process a test starts: its output, or a rejection with it. */
export async function operatorCli(env: Record<string, string>, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', REGISTER, CLI, ...args], { cwd: ROOT, env, timeout: 60_000 });
  return stdout;
}

/** Adds an operator; its generated password. */
export async function addOperator(env: Record<string, string>, name: string): Promise<string> {
  const output = await operatorCli(env, 'add', name);
  const password = /password \(shown once\): (\S+)/.exec(output)?.[1];
  if (password === undefined) throw new Error(`no password in: ${output}`);
  return password;
}

/** A signed-in operator: requests carry the session cookie, and mutating ones its CSRF token. */
export class OperatorSessionClient {
  private constructor(
    readonly apiUrl: string,
    readonly operator: string,
    /** The answer's raw `Set-Cookie`. */
    readonly setCookie: string,
    readonly csrfToken: string,
  ) {}

  static async signIn(apiUrl: string, name: string, password: string): Promise<OperatorSessionClient> {
    const response = await fetch(`${apiUrl}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
    if (response.status !== 200) throw new Error(`sign-in as ${name}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { operator: string; csrfToken: string };
    return new OperatorSessionClient(apiUrl, body.operator, response.headers.getSetCookie()[0] ?? '', body.csrfToken);
  }

  /** `name=value` of the session cookie, as a browser sends it back. */
  get cookie(): string {
    return this.setCookie.split(';')[0] ?? '';
  }

  /** `csrf: false` leaves the CSRF header out. */
  fetch(path: string, init: RequestInit = {}, { csrf = true } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookie, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': this.csrfToken } : {}), ...(init.headers as Record<string, string> | undefined) };
    return fetch(`${this.apiUrl}${path}`, { ...init, headers });
  }
}
