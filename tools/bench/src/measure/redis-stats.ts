/**
 * Redis's own counters: `INFO commandstats` calls per command (commands run inside Lua scripts
 * are counted too, besides the EVALSHA/FCALL itself), snapshotted at both ends of the window on
 * an ioredis client of the bench's own. Redis counts a command after running it, so the INFO of
 * the first snapshot shows up in the second: OWN_CALLS_PER_WINDOW is subtracted.
 */
import type { Redis } from 'ioredis';

export const OWN_CALLS_PER_WINDOW = { info: 1 } as const;

export interface RedisServerInfo {
  readonly version: string;
  readonly pid: number | null;
}

export class RedisStats {
  constructor(private readonly redis: Redis) {}

  async info(): Promise<RedisServerInfo> {
    const text = await this.redis.info('server');
    const version = /^redis_version:(.+)$/m.exec(text)?.[1]?.trim() ?? 'unknown';
    const pid = Number(/^process_id:(\d+)/m.exec(text)?.[1]);
    return { version, pid: Number.isInteger(pid) && pid > 0 ? pid : null };
  }

  /** Calls per command name. */
  async snapshot(): Promise<Record<string, number>> {
    const text = await this.redis.info('commandstats');
    const calls: Record<string, number> = {};
    for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      const [, name, count] = match;
      if (name !== undefined && count !== undefined) calls[name] = Number(count);
    }
    return calls;
  }
}
