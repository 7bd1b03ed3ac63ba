import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ApiConfig } from '@app/config';
import { SessionRepository, type OperatorSession } from '@app/dal';
import { API_CONFIG } from '../../api-config.token';
import { ApiRoute, BODY_ERRORS } from '../../http/api-route.decorator';
import { AdminOnly } from '../admin-only.decorator';
import type { OperatorRequest } from '../audit/operator';
import { SESSION_COOKIE, SESSION_COOKIE_PATH, sessionCookieOptions } from './session-cookie';
import { SignInDto } from './sign-in.dto';
import { SignIn } from './sign-in.use-case';

export class SessionView {
  @ApiProperty({ example: 'alice', description: 'Who is signed in (`token` for the bearer ADMIN_TOKEN)' })
  operator!: string;

  @ApiPropertyOptional({ description: 'Send it as `X-CSRF-Token` on every POST, PUT and DELETE made with the session cookie (absent for the bearer token)' })
  csrfToken?: string;

  @ApiPropertyOptional({ description: 'When the session ends (ISO date-time)' })
  expiresAt?: string;
}

function toView(operator: string, session: OperatorSession | undefined): SessionView {
  return { operator, ...(session !== undefined ? { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() } : {}) };
}

@ApiTags('admin')
@Controller('admin/session')
export class AdminSessionController {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly signIn: SignIn,
    private readonly sessions: SessionRepository,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiRoute({
    summary: 'Sign an operator in: sets the session cookie and answers its CSRF token',
    description:
      `The cookie \`${SESSION_COOKIE}\` is HttpOnly, SameSite=Strict, Path=${SESSION_COOKIE_PATH}, Secure over https, and lasts SESSION_TTL_MS. ` +
      'A wrong name or password answers 401 (the same message for both); after 10 failures for one name from one client within 15 minutes, every sign-in for it answers 429 until the window ends.',
    errors: ['UNAUTHORIZED', 'RATE_LIMITED', ...BODY_ERRORS],
  })
  @ApiResponse({ status: 200, type: SessionView })
  async create(@Body() body: SignInDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionView> {
    const { secret, session } = await this.signIn.execute(body.name, body.password, request.ip ?? 'unknown');
    response.cookie(SESSION_COOKIE, secret, sessionCookieOptions(request.secure, this.config.sessionTtlMs));
    return toView(session.operator, session);
  }

  @Get()
  @AdminOnly()
  @ApiRoute({ summary: 'Who is signed in, and the session\'s CSRF token (for a page that was reloaded)', errors: ['UNAUTHORIZED'] })
  @ApiResponse({ status: 200, type: SessionView })
  read(@Req() request: OperatorRequest): SessionView {
    return toView(request.operator ?? '', request.adminSession);
  }

  @Delete()
  @HttpCode(204)
  @AdminOnly()
  @ApiRoute({ summary: 'Sign out: ends the session and clears its cookie (nothing to do for the bearer token)', errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID'] })
  async remove(@Req() request: OperatorRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.adminSession === undefined) return;
    await this.sessions.end(request.adminSession._id);
    response.clearCookie(SESSION_COOKIE, { path: SESSION_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: request.secure });
  }
}
