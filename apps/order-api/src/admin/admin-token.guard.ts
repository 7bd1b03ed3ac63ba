import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiConfig } from '@app/config';
import { API_CONFIG } from '../api-config.token';
import { ApiError } from '../http/api.error';
import { OPERATOR_OF_TOKEN, type OperatorRequest } from './audit/operator';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; UNAUTHORIZED (401) otherwise. The operator is then `token`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.expected = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (match?.[1] === undefined || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new ApiError('UNAUTHORIZED', 'A valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>).');
    }
    request.operator = OPERATOR_OF_TOKEN;
    return true;
  }
}
