import { Injectable, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '../http/request-validation.error';
import { SKU_PATTERN, SKU_RULE } from '../orders/place-order/place-order.dto';

/** Validates a `:sku` path parameter. */
@Injectable()
export class SkuPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SKU_PATTERN.test(value)) {
      throw new RequestValidationError([{ path: 'sku', message: SKU_RULE }]);
    }
    return value;
  }
}
