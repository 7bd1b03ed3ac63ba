/**
 * `GET /orders/:orderId` and `POST /orders/:orderId/cancel` need `Authorization: Bearer
 * <accessToken>` (the one `POST /orders` answered) or the admin token. Anything else answers 404,
 * exactly as for an order that does not exist, so that ids cannot be probed.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiConfig } from '@app/config';
import { API_CONFIG } from '../../api-config.token';
import { orderNotFound } from '../order-not-found';
import { OrderAccessTokens } from './order-access-tokens';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

@Injectable()
export class OrderAccessGuard implements CanActivate {
  private readonly admin: Buffer;

  constructor(
    private readonly tokens: OrderAccessTokens,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.admin = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const param = request.params['orderId'];
    const orderId = typeof param === 'string' ? param : '';
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (presented !== undefined && (this.tokens.verify(orderId, presented) || timingSafeEqual(digest(presented), this.admin))) return true;
    throw orderNotFound(orderId);
  }
}
