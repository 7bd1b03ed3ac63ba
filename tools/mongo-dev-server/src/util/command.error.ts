/**
 * CommandError: the one error type command handlers throw. The dispatcher turns it
 * into a mongod-shaped error reply `{ ok: 0, errmsg, code, codeName, ...extra }`.
 * Codes and code names are the ones mongod 7 uses.
 */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  InvalidLength: 16,
  Unauthorized: 13,
  InvalidIndexSpecificationOption: 197,
  NotSingleValueField: 54,
  DollarPrefixedFieldName: 52,
  NoReplicationEnabled: 76,
  NotAReplicaSet: 123,
  NotImplemented: 238,
  CannotConvertIndexToUnique: 359,
  DuplicateKey: 11000,
  ChangeStreamReplicaSetOnly: 40573,
  UnrecognizedPipelineStage: 40324,
  UnknownField: 40415,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeName];

const CODE_NAMES = new Map<number, string>(
  Object.entries(ErrorCode).map(([name, code]) => [code, name] as const),
);
// mongod reports assertion-style codes without a registered name as "Location<code>".
CODE_NAMES.set(ErrorCode.ChangeStreamReplicaSetOnly, 'Location40573');
CODE_NAMES.set(ErrorCode.UnrecognizedPipelineStage, 'Location40324');
CODE_NAMES.set(ErrorCode.UnknownField, 'Location40415');

/** Code 238 (NotImplemented): something mongod 7 supports that the dev server does not. */
export function notImplemented(command: string, what: string): never {
  throw new CommandError(ErrorCode.NotImplemented, `mongo-dev-server does not implement ${what} (command '${command}'); it refuses rather than ignore it`);
}

export function codeNameOf(code: number): string {
  return CODE_NAMES.get(code) ?? `Location${code}`;
}

export class CommandError extends Error {
  readonly codeName: string;

  constructor(
    readonly code: number,
    message: string,
    /** Extra fields copied into the error reply / writeErrors entry (e.g. keyPattern, keyValue). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CommandError';
    this.codeName = codeNameOf(code);
  }
}

export function fail(code: number, message: string, extra?: Record<string, unknown>): never {
  throw new CommandError(code, message, extra);
}

/** Maps any thrown value (CommandError, MingoError, other) to a CommandError. */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // mingo reports invalid expressions/operators as plain errors: mongod would say BadValue.
  return new CommandError(ErrorCode.BadValue, message);
}
