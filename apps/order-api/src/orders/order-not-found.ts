import { ApiError } from '../http/api.error';

/**
 * NOT_FOUND for an order: the same answer whether the order does not exist or the caller's token
 * does not open it, so that order ids cannot be probed.
 */
export function orderNotFound(orderId: string): ApiError {
  return new ApiError('NOT_FOUND', `order ${orderId} not found`);
}
