/**
 * The input of a stock change, validated as one: the `:sku` path parameter, the `If-Match`
 * header and the body, every wrong field in one VALIDATION_FAILED answer (a wrong SKU does not
 * hide a wrong quantity). The body goes through the API's one validation pipe.
 */
import type { ArgumentMetadata, Type } from '@nestjs/common';
import type { FieldError } from '../http/error-response.schema';
import { RequestValidationError } from '../http/request-validation.error';
import { ApiValidationPipe } from '../http/validation.pipe';
import { SKU_PATTERN, SKU_RULE } from '../orders/place-order/place-order.dto';

const pipe = new ApiValidationPipe();
const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;

export async function validatedStockRequest<T>(sku: string, body: unknown, dto: Type<T>, ifMatch?: string): Promise<{ body: T; version: number | undefined }> {
  const fields: FieldError[] = [];
  if (!SKU_PATTERN.test(sku)) fields.push({ path: 'sku', message: SKU_RULE });
  const version = ifMatch === undefined ? undefined : IF_MATCH.exec(ifMatch.trim())?.[1];
  if (ifMatch !== undefined && version === undefined) fields.push({ path: 'If-Match', message: 'must be the ETag of the SKU as read, e.g. "12"' });
  let valid: T | undefined;
  try {
    valid = (await pipe.transform(body, { type: 'body', metatype: dto, data: '' } satisfies ArgumentMetadata)) as T;
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    fields.push(...error.fields);
  }
  if (fields.length > 0 || valid === undefined) throw new RequestValidationError(fields);
  return { body: valid, version: version === undefined ? undefined : Number(version) };
}
