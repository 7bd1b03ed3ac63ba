/** An HTTP answer kept as data, so it can be saved against an idempotency key and replayed. */
export interface ProviderResponse {
  readonly status: number;
  readonly body: unknown;
}
