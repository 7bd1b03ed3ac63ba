import { loadSandboxConfig } from '@app/config';
import { startSandbox } from './start-sandbox';

/**
 * Boots the dev/test sandbox from the environment (see `loadSandboxConfig`) and prints exactly
 * one line once HTTP and SMTP both listen; scripts wait for it:
 *   sandbox listening http=http://HOST:PORT smtp=smtp://HOST:PORT
 * SIGINT/SIGTERM close both servers. A boot failure is printed and exits with code 1.
 */
async function main(): Promise<void> {
  const config = loadSandboxConfig();
  const sandbox = await startSandbox(config, { handleSignals: true });
  process.stdout.write(`sandbox listening http=${sandbox.httpUrl} smtp=${sandbox.smtpUrl}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
