/**
 * The logger's options without I/O (lines written to a memory stream): JSON lines with the level
 * as a name, LOG_LEVEL's meaning, the fields of the work in progress on every line, and the known
 * secret fields censored.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { withLogFields } from './log-context';
import { pinoOptions } from './logger-params';

function capture(level: 'error' | 'warn' | 'log' | 'debug'): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = pino(pinoOptions({ app: 'spec', logLevel: level }), sink);
  return { logger, lines: () => text.trim().split('\n').filter(Boolean).map((row) => JSON.parse(row) as Record<string, unknown>) };
}

describe('logger options', () => {
  it("writes JSON with the level's name, the app and the fields of the work in progress", async () => {
    const { logger, lines } = capture('log');
    logger.info('outside');
    await withLogFields({ orderId: 'ord_1', step: 'RESERVE_STOCK', sagaVersion: 2, jobId: 'ord_1.v2', attempt: 1 }, async () => {
      await Promise.resolve();
      logger.warn({ context: 'SagaStepRunner' }, 'inside');
    });
    logger.debug('not at LOG_LEVEL=log');
    const [outside, inside, ...rest] = lines();
    assert.equal(rest.length, 0, 'debug is off at LOG_LEVEL=log');
    assert.equal(outside?.['level'], 'info');
    assert.equal(outside?.['app'], 'spec');
    assert.equal(outside?.['orderId'], undefined);
    assert.equal(inside?.['level'], 'warn');
    assert.deepEqual([inside?.['orderId'], inside?.['step'], inside?.['sagaVersion'], inside?.['jobId'], inside?.['attempt']], ['ord_1', 'RESERVE_STOCK', 2, 'ord_1.v2', 1]);
    assert.equal(inside?.['context'], 'SagaStepRunner');
    assert.match(String(inside?.['time']), /^\d{4}-\d\d-\d\dT/);
  });

  it('keeps LOG_LEVEL meaning: error, warn, log (info), debug', () => {
    for (const [level, expected] of [['error', 1], ['warn', 2], ['log', 3], ['debug', 4]] as const) {
      const { logger, lines } = capture(level);
      logger.error('e');
      logger.warn('w');
      logger.info('i');
      logger.debug('d');
      assert.equal(lines().length, expected, level);
    }
  });

  it('censors secret fields wherever a caller passes them', () => {
    const { logger, lines } = capture('debug');
    const secrets = ['Bearer admin-secret-0123456789', 'tok_secret_card', 'sk_live_secret_key', 'access-token-secret'];
    logger.info({ authorization: secrets[0], payment: { token: secrets[1] }, apiKey: secrets[2], accessToken: secrets[3], req: { headers: { authorization: secrets[0] } } }, 'a careless line');
    const text = JSON.stringify(lines());
    for (const secret of secrets) assert.equal(text.includes(secret), false, secret);
    assert.match(text, /\[redacted\]/);
  });
});
