import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { OperatorRequest } from './audit/operator';
import { AdminAuthenticator } from './session/admin-authenticator.service';

/** Admin routes: the bearer ADMIN_TOKEN or a signed-in operator's session (see `AdminAuthenticator`); sets `request.operator`. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(private readonly authenticator: AdminAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const principal = await this.authenticator.authenticate(request);
    request.operator = principal.operator;
    request.adminSession = principal.session;
    return true;
  }
}
