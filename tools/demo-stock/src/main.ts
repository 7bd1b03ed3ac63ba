/**
 * Seeds the demo stock of local runs (`npm start`, `npm run infra`, `start:api`, `start:worker`):
 * creates each demo SKU that does not exist yet, straight in MongoDB through the product's own
 * repository, and never changes stock that is there. Prints one line: what the demo stock is now.
 * Reads MONGO_URL and MONGO_DB (the scripts pass the local stack's).
 */
import { MongoClient } from 'mongodb';
import { EnvReader } from '@app/config';
import { InventoryRepository } from '@app/dal';

const DEMO_STOCK = [
  { sku: 'SKU-1', available: 100, unitPrice: 1999 },
  { sku: 'SKU-2', available: 25, unitPrice: 4950 },
  { sku: 'SKU-3', available: 5, unitPrice: 12900 },
  { sku: 'MUG-CLASSIC', available: 40, unitPrice: 1200 },
] as const;

async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const mongoUrl = env.url('MONGO_URL', 'mongodb://127.0.0.1:27017', ['mongodb:', 'mongodb+srv:']);
  const mongoDb = env.string('MONGO_DB', 'saga');
  env.done();
  const client = await MongoClient.connect(mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  try {
    const inventory = new InventoryRepository(client.db(mongoDb));
    const now: string[] = [];
    for (const item of DEMO_STOCK) {
      const stored = (await inventory.findBySku(item.sku)) ?? (await inventory.setStock(item.sku, item.available, item.unitPrice));
      now.push(`${item.sku} (${stored.available} available)`);
    }
    console.log(`Demo stock    ${now.join(', ')}`);
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(`demo stock not seeded: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
