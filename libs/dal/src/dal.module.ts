import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { IndexInitializer } from './index-initializer.service';
import { isDatabaseUnavailable } from './mongo-errors';
import { DEFAULT_RETENTION } from '@app/config';
import { DATA_RETENTION, MONGO_CLIENT, MONGO_DB, type DalOptions } from './mongo.tokens';
import { OrderRepository } from './orders/order.repository';
import { InventoryRepository } from './inventory/inventory.repository';
import { InventoryLockRepository } from './inventory/inventory-lock.repository';
import { BusySkuRepository } from './inventory/busy-sku.repository';
import { ReservationRepository } from './inventory/reservation.repository';
import { NotificationRepository } from './notifications/notification.repository';
import { MetricsRepository } from './metrics/metrics.repository';
import { MinuteCountsRepository } from './trends/minute-counts.repository';
import { LeaseRepository } from './leases/lease.repository';
import { ProviderCircuitRepository } from './circuits/provider-circuit.repository';
import { WorkerRegistryRepository } from './workers/worker-registry.repository';
import { AuditRepository } from './audit/audit.repository';
import { BulkActionRepository } from './bulk/bulk-action.repository';
import { OperatorRepository } from './operators/operator.repository';
import { SessionRepository } from './sessions/session.repository';
import { DatabaseClock } from './clock/database-clock';
import { DatabasePing } from './health/database-ping';

const REPOSITORIES = [
  OrderRepository,
  InventoryRepository,
  InventoryLockRepository,
  BusySkuRepository,
  ReservationRepository,
  NotificationRepository,
  MetricsRepository,
  MinuteCountsRepository,
  LeaseRepository,
  ProviderCircuitRepository,
  WorkerRegistryRepository,
  AuditRepository,
  BulkActionRepository,
  OperatorRepository,
  SessionRepository,
  DatabaseClock,
  DatabasePing,
];

/** The official MongoDB driver, one client per process, and every repository. */
@Module({})
export class DalModule implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CLIENT) private readonly client: MongoClient) {}

  static forRoot(options: DalOptions): DynamicModule {
    return {
      module: DalModule,
      global: true,
      providers: [
        {
          provide: MONGO_CLIENT,
          useFactory: async (): Promise<MongoClient> => {
            const bounded = options.operationTimeoutMs === undefined ? {} : boundedWaits(options.operationTimeoutMs);
            // w: majority, stated rather than left to the server's default (which an operator can
            // change): on a replica set a lock, fence or ledger write that a failover could roll
            // back is never acknowledged (docs/protocol.md, "MongoDB as configured").
            const client = new MongoClient(options.mongoUrl, { appName: 'saga-orchestrator', maxPoolSize: 20, writeConcern: { w: 'majority' }, ...bounded });
            await connectPatiently(client);
            return client;
          },
        },
        { provide: MONGO_DB, useFactory: (client: MongoClient): Db => client.db(options.mongoDb), inject: [MONGO_CLIENT] },
        { provide: DATA_RETENTION, useValue: options.retention ?? DEFAULT_RETENTION },
        IndexInitializer,
        ...REPOSITORIES,
      ],
      exports: [MONGO_CLIENT, MONGO_DB, ...REPOSITORIES],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Driver options under which no wait on the database outlasts `ms`: a frozen server (open
 * connections, no answers) fails an operation on its socket timeout, an unreachable one on server
 * selection, and the monitor notices within about a second.
 */
function boundedWaits(ms: number): MongoClientOptions {
  return { socketTimeoutMS: ms, connectTimeoutMS: ms, serverSelectionTimeoutMS: ms, heartbeatFrequencyMS: Math.max(500, ms) };
}

/** Bounded waits apply to requests, not to start-up: a database that is slow to answer at first is tried for up to 30 s. */
async function connectPatiently(client: MongoClient, patienceMs = 30_000): Promise<void> {
  const giveUpAt = Date.now() + patienceMs;
  for (;;) {
    try {
      await client.connect();
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
