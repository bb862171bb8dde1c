import { Controller, Inject, Req, Res } from '@nestjs/common';
import {
  identityRoutes,
  type ParsedRouteInput,
  type Me,
  type SessionTokens,
} from '@hearth/contracts';
import type { Request, Response } from 'express';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from './current-principal';
import { IdentityService, type IssuedSession } from './identity.service';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import type { Principal } from './token-service';

type In<K extends keyof typeof identityRoutes> = ParsedRouteInput<(typeof identityRoutes)[K]>;

@Controller()
export class IdentityController {
  constructor(
    private readonly identity: IdentityService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @ContractRoute(identityRoutes.signUp)
  async signUp(
    @Input() input: In<'signUp'>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.respond(res, await this.identity.signUp(input.body, req.ip ?? 'unknown'));
  }

  @ContractRoute(identityRoutes.login)
  async login(
    @Input() input: In<'login'>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.respond(res, await this.identity.login(input.body, req.ip ?? 'unknown'));
  }

  @ContractRoute(identityRoutes.refresh)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      return this.respond(res, await this.identity.refresh(readRefreshCookie(req)));
    } catch (error) {
      clearRefreshCookie(res, this.config);
      throw error;
    }
  }

  @ContractRoute(identityRoutes.logout)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.identity.logout(readRefreshCookie(req));
    clearRefreshCookie(res, this.config);
    return { signedOut: true as const };
  }

  @ContractRoute(identityRoutes.me)
  me(@CurrentPrincipal() principal: Principal): Promise<Me> {
    return this.identity.me(principal);
  }

  @ContractRoute(identityRoutes.people)
  async people(@CurrentPrincipal() principal: Principal) {
    return { people: await this.identity.listPeople(principal) };
  }

  @ContractRoute(identityRoutes.invite)
  async invite(@CurrentPrincipal() principal: Principal, @Input() input: In<'invite'>) {
    const { invitation, token } = await this.identity.invite(principal, input.body);
    return {
      invitation: {
        id: invitation.id,
        email: invitation.email,
        displayName: invitation.displayName,
        roles: invitation.roles,
        expiresAt: invitation.expiresAt.toISOString(),
        status: 'pending' as const,
      },
      acceptPath: `/invitations/${token}`,
    };
  }

  @ContractRoute(identityRoutes.previewInvitation)
  async previewInvitation(@Input() input: In<'previewInvitation'>) {
    const { invitation, practiceName } = await this.identity.previewInvitation(input.params.token);
    return {
      practiceName,
      email: invitation.email,
      displayName: invitation.displayName,
      roles: invitation.roles,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  @ContractRoute(identityRoutes.acceptInvitation)
  async acceptInvitation(
    @Input() input: In<'acceptInvitation'>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.respond(
      res,
      await this.identity.acceptInvitation(input.params.token, input.body, req.ip ?? 'unknown'),
    );
  }

  private respond(res: Response, session: IssuedSession): SessionTokens {
    setRefreshCookie(res, this.config, session.refreshToken, session.refreshExpiresAt);
    // Tokens and personal data must not be kept by any cache between here and the browser.
    res.setHeader('Cache-Control', 'no-store');
    return session.tokens;
  }
}
