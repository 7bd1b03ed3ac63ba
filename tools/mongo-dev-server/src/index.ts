/** Public entry point of the in-memory MongoDB dev server (see ../README.md). */
export { startMongoDevServer } from './dev.server';
export type { MongoDevServer, MongoDevServerOptions } from './dev.server';
export { supportedCommands } from './commands/command.dispatcher';
