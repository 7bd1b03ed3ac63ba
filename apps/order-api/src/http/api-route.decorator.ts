/**
 * `@ApiRoute({ summary, description?, errors })`: a route's OpenAPI operation and its error
 * answers in one place. The operation's description ends with every code the route can answer;
 * each of their statuses gets one response of schema `ErrorResponse` that says what each code
 * means. Every route may answer INTERNAL_ERROR and DATABASE_UNAVAILABLE (each reads MongoDB), so
 * those two are always added.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { API_ERROR, httpStatusOf, type ApiErrorCode } from './api-error-code';
import { ErrorResponse } from './error-response.schema';
import { REQUEST_ID_HEADER } from './request-id';

/** What a route that reads a JSON body can answer besides its own errors. */
export const BODY_ERRORS: readonly ApiErrorCode[] = ['VALIDATION_FAILED', 'INVALID_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];

const EVERY_ROUTE: readonly ApiErrorCode[] = ['INTERNAL_ERROR', 'DATABASE_UNAVAILABLE'];

export interface ApiRouteOptions {
  readonly summary: string;
  readonly description?: string;
  readonly errors: readonly ApiErrorCode[];
}

export function ApiRoute({ summary, description, errors }: ApiRouteOptions): MethodDecorator {
  const codes = [...new Set([...errors, ...EVERY_ROUTE])].sort((a, b) => httpStatusOf(a) - httpStatusOf(b));
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) byStatus.set(httpStatusOf(code), [...(byStatus.get(httpStatusOf(code)) ?? []), code]);
  const list = codes.map((code) => `\`${code}\` (${httpStatusOf(code)})`).join(', ');
  return applyDecorators(
    ApiOperation({ summary, description: `${description === undefined ? '' : `${description}\n\n`}Errors (\`ErrorResponse\`): ${list}.` }),
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({
        status,
        type: ErrorResponse,
        description: group.map((code) => `\`${code}\`: ${API_ERROR[code].meaning}`).join('; '),
        headers: { [REQUEST_ID_HEADER]: { description: 'The same id as the body\'s `requestId`', schema: { type: 'string' } } },
      }),
    ),
  );
}
