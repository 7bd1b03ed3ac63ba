import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { InvalidEnvironmentError, loadApiConfig } from '@app/config';
import { Logger } from 'nestjs-pino';
import { installShutdown, ShutdownState } from '@app/lifecycle';
import { logLevelsFrom } from '@app/saga';
import { jsonBody } from './http/json-body';
import { closeConnectionsWhileDraining } from './lifecycle/close-connections.middleware';
import { assignRequestId } from './http/request-id';
import { OrderApiModule } from './order-api.module';
import { serveOpenApi } from './openapi';
import { mountQueuesBoard } from './admin/queues/queues-board';

/** The built admin dashboard (static files), served at /dashboard. */
const DASHBOARD_DIR = join(__dirname, '..', '..', '..', '..', 'apps', 'admin-dashboard', 'public');
/** The console's one library, uPlot (its charts), served from node_modules beside it: no CDN, no copy. */
const UPLOT_DIR = join(dirname(require.resolve('uplot/package.json')), 'dist');

async function main(): Promise<void> {
  const config = loadApiConfig();
  const app = await NestFactory.create<NestExpressApplication>(OrderApiModule.forConfig(config), {
    bodyParser: false,
    bufferLogs: true,
    logger: logLevelsFrom(config.logLevel),
  });
  app.useLogger(app.get(Logger));
  app.use(closeConnectionsWhileDraining(app.get(ShutdownState)));
  app.use(assignRequestId);
  app.use(jsonBody(config.maxBodyBytes));
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', true);
  app.useStaticAssets(UPLOT_DIR, { prefix: '/dashboard/vendor/uplot' });
  app.useStaticAssets(DASHBOARD_DIR, { prefix: '/dashboard', index: 'index.html' });
  serveOpenApi(app);
  mountQueuesBoard(app);
  // SIGTERM: readiness false at once, answers say `Connection: close`, the server stops accepting
  // and waits for the requests in flight, then MongoDB and Redis close (SHUTDOWN_GRACE_MS at most).
  installShutdown(app);
  await app.listen(config.port, config.host);
  // The ready line scripts and tests wait for, printed whatever LOG_LEVEL and LOG_FORMAT are: the
  // address the server really bound (API_PORT=0 shows the port it got).
  console.log(`order-api listening on ${boundAddress(app.getHttpServer().address(), config)}`);
}

function boundAddress(address: AddressInfo | string | null, config: { host: string; port: number }): string {
  if (address === null || typeof address === 'string') return `http://${config.host}:${config.port}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const everywhere = address.address === '0.0.0.0' || address.address === '::';
  return `http://${host}:${address.port}${everywhere ? ` (every interface; from this machine http://127.0.0.1:${address.port})` : ''}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidEnvironmentError ? error.message : error);
  process.exit(1);
});
