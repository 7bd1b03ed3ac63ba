/**
 * Counts the MongoDB commands the load generator itself sends (the terminal poller, the
 * serverStatus probes) through command monitoring on its own client, so that they can be
 * subtracted from the server's counters. Counting is on only inside the measured window.
 */
import type { CommandStartedEvent, MongoClient } from 'mongodb';

export class OwnCommandCounter {
  private counting = false;
  private readonly byName = new Map<string, number>();

  constructor(client: MongoClient) {
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (this.counting) this.byName.set(event.commandName, (this.byName.get(event.commandName) ?? 0) + 1);
    });
  }

  start(): void {
    this.byName.clear();
    this.counting = true;
  }

  stop(): void {
    this.counting = false;
  }

  total(): number {
    let sum = 0;
    for (const count of this.byName.values()) sum += count;
    return sum;
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.byName);
  }
}
