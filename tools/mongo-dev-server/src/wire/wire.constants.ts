/** MongoDB wire protocol constants (opcodes, flags, limits) used by this server. */
export const OpCode = {
  Reply: 1,
  Query: 2004,
  Compressed: 2012,
  Msg: 2013,
} as const;
export type OpCodeValue = (typeof OpCode)[keyof typeof OpCode];

export const OpMsgFlag = {
  ChecksumPresent: 1 << 0,
  MoreToCome: 1 << 1,
  ExhaustAllowed: 1 << 16,
} as const;

export const Limits = {
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
} as const;

export const HEADER_SIZE = 16;
