/**
 * `npm run operator -- <command>`: the console's named operators, in the database MONGO_URL /
 * MONGO_DB point at.
 *   add <name> [--if-missing]   creates the operator and prints its generated password, once
 *                               (--if-missing: an existing one is left as it is, exit 0)
 *   list                        names and creation times
 *   remove <name>               removes the operator and ends its sessions
 * Exit codes: 0 done, 1 refused (exists, not found, bad name) or failed, 2 usage.
 */
import 'reflect-metadata';
import { MongoClient } from 'mongodb';
import { InvalidEnvironmentError, loadOperatorCliConfig } from '@app/config';
import { OperatorRepository, SessionRepository } from '@app/dal';
import { operatorNameProblem } from './operator-name';
import { generatePassword, hashPassword } from './password';

const USAGE = 'usage: npm run operator -- add <name> [--if-missing] | list | remove <name>';

class Refused extends Error {}

async function add(operators: OperatorRepository, name: string, ifMissing: boolean): Promise<void> {
  const problem = operatorNameProblem(name);
  if (problem !== undefined) throw new Refused(problem);
  if (ifMissing && (await operators.find(name)) !== null) {
    console.log(`operator ${name} exists (its password was printed when it was added)`);
    return;
  }
  const password = generatePassword();
  if (!(await operators.add({ _id: name, passwordHash: await hashPassword(password), createdAt: new Date() }))) throw new Refused(`operator ${name} exists; remove it first to give it a new password`);
  console.log(`operator ${name} added; password (shown once): ${password}`);
}

async function run(args: readonly string[]): Promise<void> {
  const [command, name, flag] = args;
  const usable = (command === 'add' && name !== undefined && (flag === undefined || flag === '--if-missing')) || (command === 'list' && name === undefined) || (command === 'remove' && name !== undefined && flag === undefined);
  if (!usable) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const config = loadOperatorCliConfig();
  const client = await MongoClient.connect(config.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  try {
    const db = client.db(config.mongoDb);
    const operators = new OperatorRepository(db);
    if (command === 'add') await add(operators, name ?? '', flag === '--if-missing');
    else if (command === 'list') for (const operator of await operators.list()) console.log(`${operator._id}\tadded ${operator.createdAt.toISOString()}`);
    else {
      if (!(await operators.remove(name ?? ''))) throw new Refused(`no operator ${name ?? ''}`);
      console.log(`operator ${name ?? ''} removed; sessions ended: ${await new SessionRepository(db).endAllOf(name ?? '')}`);
    }
  } finally {
    await client.close();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Refused || error instanceof InvalidEnvironmentError ? error.message : error);
  process.exitCode = 1;
});
