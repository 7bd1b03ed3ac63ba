import { missingParameter, type FormReader } from '../../common/form-reader';
import { SANDBOX_ERROR_CODES, SandboxError } from '../../common/sandbox.error';
import { CAPTURE_METHODS, type CaptureMethod } from '../payment-intent.model';
import { TOKEN_PARAM, parseTestToken, type TestToken } from '../test-token';

/**
 * The parameters of `POST /v1/payment_intents` the sandbox accepts (Stripe's names):
 * `amount` (1..99999999, above -> `amount_too_large`), `currency` (3 lowercase letters),
 * `capture_method` (`manual` | `automatic`, default `automatic`), `confirm` (must be `true`:
 * only create-and-confirm is implemented), `payment_method` (a test payment method, see
 * `test-token.ts`), `metadata[...]` (<= 50 keys, key <= 40, value <= 500 characters),
 * `description` (<= 1000). Anything else (`payment_method_data` included) is `parameter_unknown`.
 */
export interface CreatePaymentIntentParams {
  readonly amount: number;
  readonly currency: string;
  readonly captureMethod: CaptureMethod;
  readonly token: TestToken;
  readonly metadata: Readonly<Record<string, string>>;
  readonly description: string | null;
}

export const MAX_AMOUNT = 99_999_999;

export function readCreatePaymentIntentParams(form: FormReader): CreatePaymentIntentParams {
  const amount = form.integer('amount', { min: 1, max: MAX_AMOUNT, tooLarge: SANDBOX_ERROR_CODES.amountTooLarge });
  const currency = form.string('currency', { pattern: /^[a-z]{3}$/, expected: 'a three-letter lowercase ISO currency code' });
  const captureMethod = form.oneOf('capture_method', Object.values(CAPTURE_METHODS)) ?? CAPTURE_METHODS.automatic;
  const confirm = form.string('confirm', { expected: 'true' });
  const token = form.string(TOKEN_PARAM, { maxLength: 255, expected: 'a test payment method such as pm_card_visa or tok_visa' });
  const metadata = form.stringMap('metadata', { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 }) ?? {};
  const description = form.string('description', { maxLength: 1000, expected: 'a string' }) ?? null;
  form.done();

  if (amount === undefined) throw missingParameter('amount');
  if (currency === undefined) throw missingParameter('currency');
  if (confirm !== 'true') {
    throw SandboxError.invalidRequest(
      SANDBOX_ERROR_CODES.parameterInvalid,
      'Invalid confirm: the sandbox implements only create-and-confirm, so send confirm=true.',
      'confirm',
    );
  }
  if (token === undefined) throw missingParameter(TOKEN_PARAM, 'Give a test payment method such as pm_card_visa or tok_visa.');
  return { amount, currency, captureMethod, token: parseTestToken(token), metadata, description };
}
