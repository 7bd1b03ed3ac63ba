import { Injectable, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '../http/api.errors';
import { SKU_PATTERN } from '../orders/place-order/place-order.dto';

/** Validates a `:sku` path parameter. */
@Injectable()
export class SkuPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SKU_PATTERN.test(value)) {
      throw new RequestValidationError([{ field: 'sku', messages: ['sku must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-"'] }]);
    }
    return value;
  }
}
