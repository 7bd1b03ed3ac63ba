/** The one shape of every error the API answers (OpenAPI schemas `ErrorResponse` and `FieldError`). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_ERROR_CODES, type ApiErrorCode } from './api-error-code';

class FieldError {
  @ApiProperty({
    example: 'items[0].quantity',
    description: 'Where: a body field in JavaScript notation (`items[0].quantity`, `payment.token`, `["a.b"]` for a key that is not an identifier; an unknown field names itself), or the name of the header, query or path parameter; `body` for the body as a whole',
  })
  readonly path!: string;

  @ApiProperty({ example: 'must be an integer from 1 to 1000', description: "The field's rule, once (to be read after the path)" })
  readonly message!: string;
}

export type { FieldError };

export class ErrorResponse {
  @ApiProperty({ example: 400, description: 'The HTTP status, repeated' })
  readonly statusCode!: number;

  @ApiProperty({ enum: API_ERROR_CODES, example: 'VALIDATION_FAILED', description: 'Stable: what went wrong, for programs' })
  readonly code!: ApiErrorCode;

  @ApiProperty({ example: 'Invalid request: items[0].quantity must be an integer from 1 to 1000.', description: 'For people' })
  readonly message!: string;

  @ApiPropertyOptional({ type: [FieldError], description: 'VALIDATION_FAILED only: one entry per wrong field' })
  readonly fields?: readonly FieldError[];

  @ApiProperty({ example: '6f1c0d2e-8a5b-4c1e-9f7a-2b3c4d5e6f70', description: 'The X-Request-Id of this request (the caller\'s own, or a generated one): quote it to an operator' })
  readonly requestId!: string;
}
