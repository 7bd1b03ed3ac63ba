import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { SandboxConfig } from '@app/config';
import { SmtpListener } from './mail/smtp-listener.service';
import { SandboxModule } from './sandbox.module';

/**
 * Starts the sandbox (HTTP payment provider + SMTP mail server) in this process.
 *
 * Ports may be 0: the returned URLs carry the ports actually bound. `close()` stops both
 * servers (pending slow answers are released first and `tok_late` authorizations dropped
 * uncommitted, held `hang` requests are answered 503, open HTTP connections are dropped).
 * `handleSignals` (main.ts only) closes the app on SIGINT/SIGTERM; tests leave it off.
 */
export interface StartSandboxOptions {
  readonly handleSignals?: boolean;
  /** Nest log levels; warnings and errors by default. */
  readonly logLevels?: readonly LogLevel[];
}

export interface RunningSandbox {
  readonly httpUrl: string;
  readonly smtpUrl: string;
  close(): Promise<void>;
}

/** Small on purpose: the provider's bodies are a few hundred bytes. */
const BODY_LIMIT = '100kb';

export async function startSandbox(config: SandboxConfig, options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const app = await NestFactory.create<NestExpressApplication>(SandboxModule.register(config), {
    bodyParser: false,
    forceCloseConnections: true,
    logger: [...(options.logLevels ?? ['error', 'warn'])],
  });
  // Stripe-API POSTs are form bodies with `qs` bracket nesting (`metadata[order_id]=x`);
  // JSON is only for the sandbox's own controls (`/sandbox/faults`) and is refused by `@FormBody()`.
  app.useBodyParser('urlencoded', { extended: true, limit: BODY_LIMIT, parameterLimit: 200 });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.set('x-powered-by', false);
  if (options.handleSignals === true) app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  try {
    await app.listen(config.httpPort, config.host);
    const httpPort = (app.getHttpServer().address() as AddressInfo).port;
    const smtpPort = await app.get(SmtpListener).listen(config.host, config.smtpPort);
    return {
      httpUrl: `http://${hostForUrl(config.host)}:${httpPort}`,
      smtpUrl: `smtp://${hostForUrl(config.host)}:${smtpPort}`,
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
