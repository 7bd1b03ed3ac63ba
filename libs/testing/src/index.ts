export { createTestEnvironment, type TestEnvironment } from './test-environment';
export { APP, freePort, startApp, type AppName, type AppProcess } from './app-process';
export { waitFor } from './wait-for';
export { newOrder, sagaAt, type OrderFixture } from './order-fixtures';
export { startWorkerContext } from './nest-context';
export { startSandboxProcess, type SandboxProcess } from './sandbox-process';
export { startRedisProcess, type RedisProcess } from './redis-process';
export { startMongoDevServerProcess, type MongoDevServerProcess } from './mongo-dev-server-process';
export { pick, seededRandom } from './seeded-random';
export { encodeStripeForm, type StripeFormValue } from './stripe-form';
export {
  CANCELLATION_REASONS,
  ERROR_TYPES,
  PAYMENT_INTENT_STATUSES,
  STRIPE_ENDPOINTS,
  STRIPE_OBJECTS,
  USER_CANCELLATION_REASONS,
  type FieldSchema,
  type ObjectSchema,
  type ParamSchema,
  type StripeEndpoint,
  type StripeObjectName,
} from './stripe-subset.schema';
export { assertStripeParams, assertStripeShape, stripeParamProblems, stripeShapeProblems } from './stripe-subset.check';
export { addOperator, operatorCli, OperatorSessionClient } from './operators';
export { startRedisCluster, type RedisClusterProcess } from './redis-cluster-process';
