import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { OperatorSession } from '@app/dal';

/** Who made an admin request: set by the admin guard; `token` for the shared ADMIN_TOKEN. */
export const OPERATOR_OF_TOKEN = 'token';

export type OperatorRequest = Request & { operator?: string; adminSession?: OperatorSession };

export const CurrentOperator = createParamDecorator((_data: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<OperatorRequest>().operator ?? OPERATOR_OF_TOKEN);
