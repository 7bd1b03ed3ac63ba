import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from './admin-auth.guard';
import { SESSION_COOKIE } from './session/session-cookie';

/** An admin controller or route: documented under `admin`, open to the bearer ADMIN_TOKEN or a signed-in operator's session. */
export function AdminOnly(): ClassDecorator & MethodDecorator {
  return applyDecorators(ApiTags('admin'), ApiBearerAuth(), ApiCookieAuth(SESSION_COOKIE), UseGuards(AdminAuthGuard));
}
