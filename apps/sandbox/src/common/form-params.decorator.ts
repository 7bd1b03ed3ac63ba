import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { FormReader } from './form-reader';
import { SANDBOX_ERROR_CODES, SandboxError } from './sandbox.error';

/**
 * Parameter decorators for Stripe-style handlers; each hands the handler a `FormReader`.
 *
 * `@FormBody()`: the POST body, which must be `application/x-www-form-urlencoded` (parsed
 * with `qs` bracket nesting by the app's body parser). Like Stripe, the sandbox reads only
 * form bodies: any other body (JSON included) is a 400 `body_invalid`, never silently ignored.
 * No body at all is an empty parameter set.
 *
 * `@QueryParams()`: the query string of a GET.
 */
export const FormBody = createParamDecorator((_: unknown, context: ExecutionContext): FormReader =>
  readFormBody(context.switchToHttp().getRequest<Request>()),
);

export const QueryParams = createParamDecorator((_: unknown, context: ExecutionContext): FormReader =>
  FormReader.of(context.switchToHttp().getRequest<Request>().query),
);

function readFormBody(request: Request): FormReader {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && request.is('application/x-www-form-urlencoded') !== 'application/x-www-form-urlencoded') {
    throw SandboxError.invalidRequest(
      SANDBOX_ERROR_CODES.bodyInvalid,
      `Invalid request: send parameters form-encoded (Content-Type: application/x-www-form-urlencoded, e.g. metadata[order_id]=x), as Stripe reads only form bodies; got ${request.headers['content-type'] ?? 'no Content-Type'}.`,
    );
  }
  return FormReader.of(request.body ?? {});
}
