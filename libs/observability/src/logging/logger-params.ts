/**
 * The pino logger of every process, as `nestjs-pino` parameters.
 *
 * Contract:
 *  - JSON, one object a line (`level` as a name, `time` ISO 8601, `app`, `context` = the Nest
 *    logger's name, `msg`), or, with LOG_FORMAT=pretty, one coloured line per entry for people;
 *  - LOG_LEVEL keeps its meaning: `error`, `warn`, `log` (pino's `info`), `debug`;
 *  - every line carries the fields in effect (`withLogFields`: a step's `orderId`, `step`,
 *    `sagaVersion`, `jobId`, `attempt`) and, when tracing is on, `traceId` and `spanId`; an HTTP
 *    request's lines carry its `requestId` (the API: its `X-Request-Id`);
 *  - no secrets: request logs hold method, path (no query string) and status only, never
 *    headers or bodies, and the redaction list below censors the known secret fields wherever a
 *    caller passes them in an object. Messages are the callers' to keep clean (tested end to end
 *    in `test/e2e/observability.e2e.spec.ts`).
 *  - access lines (`request completed`) at `debug`, so LOG_LEVEL=debug shows every request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { destination, stdTimeFunctions, type DestinationStream, type LevelWithSilent, type LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type PinoPretty from 'pino-pretty';
import type { LogFormat, LogLevel } from '@app/config';
import { traceLogFields } from '../tracing/trace-context';
import { currentLogFields } from './log-context';

const PINO_LEVEL: Readonly<Record<LogLevel, LevelWithSilent>> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

/** Field names censored wherever they appear (top level or one object down; and a request's headers). */
export const REDACTED_FIELDS = ['authorization', 'cookie', 'adminToken', 'accessToken', 'token', 'paymentToken', 'cardToken', 'apiKey', 'password', 'secret'] as const;

export interface LoggerSettings {
  readonly app: string;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** The id of an HTTP request (the API: its X-Request-Id); unset = pino-http's own counter. */
  readonly requestId?: (request: IncomingMessage, response: ServerResponse) => string;
}

/** The pino options alone (also what tests log through). */
export function pinoOptions(settings: Pick<LoggerSettings, 'app' | 'logLevel'>): LoggerOptions {
  return {
    level: PINO_LEVEL[settings.logLevel],
    base: { app: settings.app, pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...currentLogFields(), ...traceLogFields() }),
    redact: { paths: [...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]), 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  };
}

/** The stream lines go to: stdout as it is (JSON), or through pino-pretty, synchronously so that lines keep their order with the ready line. */
export function logStream(format: LogFormat): DestinationStream {
  // Synchronous, like Nest's own logger: a line is out before the answer it explains.
  if (format === 'json') return destination({ dest: 1, sync: true });
  // Loaded only when asked for (it takes a while to load, and JSON is the default).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as typeof PinoPretty;
  return pretty({ sync: true, singleLine: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app,context', messageFormat: '{app} [{context}] {msg}' });
}

export function loggerParams(settings: LoggerSettings): Params {
  const http: PinoHttpOptions = {
    ...pinoOptions(settings),
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    ...(settings.requestId !== undefined ? { genReqId: settings.requestId } : {}),
    customLogLevel: () => 'debug',
    // Access lines are debug lines: below LOG_LEVEL=debug none would be written, so none is built.
    autoLogging: settings.logLevel === 'debug',
    serializers: {
      req: (request: { method?: string; url?: string }) => ({ method: request.method, path: (request.url ?? '').split('?')[0] }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
  };
  return { pinoHttp: [http, logStream(settings.logFormat)] };
}
