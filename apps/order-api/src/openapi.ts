import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from './http/request-id';
import { CSRF_HEADER } from './admin/session/admin-authenticator.service';
import { SESSION_COOKIE } from './admin/session/session-cookie';

const DESCRIPTION = [
  'Orders over REST, driven through inventory, payment and notification by a saga. Admin routes need a signed-in operator\'s session (the `saga_session` cookie set by `POST /admin/session`) or, for scripts, `Authorization: Bearer <ADMIN_TOKEN>` (recorded as operator `token`).',
  `With the session cookie, every admin request other than GET and HEAD must carry the session's CSRF token (answered by \`POST\` and \`GET /admin/session\`) in \`${CSRF_HEADER}\`, else CSRF_TOKEN_INVALID (403); the bearer token needs none.`,
  '`/admin/queues` serves bull-board (its page and its own JSON API, not described here) behind the same sign-in, read-only: any method but GET or HEAD answers QUEUES_READ_ONLY (405).',
  '',
  'Every error answers one shape, `ErrorResponse`: `{statusCode, code, message, fields?, requestId}`. `code` is a stable UPPER_SNAKE constant (each route lists the ones it can answer); `fields` (VALIDATION_FAILED only) has one `{path, message}` per wrong field; `requestId` equals the response\'s `X-Request-Id` header.',
  'Any route also answers `NOT_FOUND` (404) for a path or method that does not exist, and `INVALID_JSON` (400), `PAYLOAD_TOO_LARGE` (413) or `UNSUPPORTED_MEDIA_TYPE` (415) for a request body it cannot read.',
  `Every response carries \`${REQUEST_ID_HEADER}\`: the caller's own when it is 1-128 characters of A-Z, a-z, 0-9, ".", "_", ":" or "-", else a generated UUID.`,
].join('\n');

/** The OpenAPI document, generated from the controllers and DTOs so it cannot drift from the code. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Saga order orchestrator')
    .setDescription(DESCRIPTION)
    .setVersion('0.1.0')
    .addBearerAuth()
    .addCookieAuth(SESSION_COOKIE)
    .addGlobalParameters({ name: REQUEST_ID_HEADER, in: 'header', required: false, description: 'Your id for this request; echoed in the response header and in error bodies (else one is generated)', schema: { type: 'string', pattern: REQUEST_ID_PATTERN.source } })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document at /openapi.json and an explorer at /docs. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'openapi.json' });
}
