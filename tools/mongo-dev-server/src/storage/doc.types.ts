/** Shared document types. A stored document is a decoded BSON object that is never mutated in place. */
export type Doc = Record<string, unknown>;
