/**
 * The customer's key to one order: `accessToken` = HMAC-SHA256 of the order id under a server
 * secret (ORDER_TOKEN_SECRET; when unset, one derived from ADMIN_TOKEN). Nothing secret is
 * stored, an idempotent replay answers the same token, and checking it costs no database read.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ApiConfig } from '@app/config';
import { API_CONFIG } from '../../api-config.token';

@Injectable()
export class OrderAccessTokens {
  private readonly secret: Buffer;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.secret = Buffer.from(config.orderTokenSecret ?? createHmac('sha256', config.adminToken).update('order-access-token').digest('hex'));
  }

  tokenFor(orderId: string): string {
    return `oat_${createHmac('sha256', this.secret).update(orderId).digest('base64url')}`;
  }

  /** True when `presented` is the token of `orderId` (constant time). */
  verify(orderId: string, presented: string): boolean {
    const expected = Buffer.from(this.tokenFor(orderId));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
