import { APP, freePort, startApp, type AppProcess } from './app-process';

export interface SandboxProcess {
  readonly process: AppProcess;
  /** Payment provider and mailbox listing. */
  readonly httpUrl: string;
  readonly smtpUrl: string;
  stop(): Promise<void>;
}

/** The sandbox (payment provider + mail server) as a real process on free ports. */
/** `extraEnv`: e.g. CPU_PROF_DIR for a profiled run (see startApp). */
export async function startSandboxProcess(slowResponseMs = 1_200, readyTimeoutMs = 30_000, extraEnv: Record<string, string> = {}): Promise<SandboxProcess> {
  const [httpPort, smtpPort] = [await freePort(), await freePort()];
  const process = await startApp(APP.SANDBOX, { SANDBOX_HTTP_PORT: String(httpPort), SANDBOX_SMTP_PORT: String(smtpPort), SANDBOX_SLOW_RESPONSE_MS: String(slowResponseMs), LOG_LEVEL: 'warn', ...extraEnv }, readyTimeoutMs);
  return { process, httpUrl: `http://127.0.0.1:${httpPort}`, smtpUrl: `smtp://127.0.0.1:${smtpPort}`, stop: () => process.stop() };
}
