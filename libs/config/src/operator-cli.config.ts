import { EnvReader, type RawEnv } from './env-reader';
import { readInfrastructure } from './infrastructure.config';

/** `npm run operator`: only where the operators are stored. */
export interface OperatorCliConfig {
  readonly mongoUrl: string;
  readonly mongoDb: string;
}

export function loadOperatorCliConfig(raw: RawEnv = process.env): OperatorCliConfig {
  const env = new EnvReader(raw);
  const { mongoUrl, mongoDb } = readInfrastructure(env);
  env.done();
  return { mongoUrl, mongoDb };
}
