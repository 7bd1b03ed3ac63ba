import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SandboxConfig } from '@app/config';
import { SANDBOX_CONFIG } from './sandbox-config.token';
import { SANDBOX_ERROR_CODES, SandboxError } from './sandbox.error';

/** Requires `Authorization: Bearer <apiKey>`; otherwise 401 (the key is never echoed back). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(SANDBOX_CONFIG) config: SandboxConfig) {
    this.expected = digest(config.apiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw unauthorized('You did not provide an API key. Send it as `Authorization: Bearer <key>`.');
    if (!timingSafeEqual(digest(match[1] ?? ''), this.expected)) throw unauthorized('Invalid API Key provided.');
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function unauthorized(message: string): SandboxError {
  return SandboxError.invalidRequest(SANDBOX_ERROR_CODES.unauthorized, message, undefined, 401);
}
