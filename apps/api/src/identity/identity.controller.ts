import { Controller, Inject, Req, Res } from '@nestjs/common';
import {
  identityRoutes,
  type ParsedRouteInput,
  type Me,
  type SessionTokens,
} from '@hearth/contracts';
import { deviceLabel } from '@hearth/domain';
import type { Request, Response } from 'express';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from './current-principal';
import type { InvitationEntity } from './identity.entities';
import { IdentityService, type IssuedSession } from './identity.service';
import { type CreatedInvitation, InvitationsService } from './invitations.service';
import type { InvitationStatus } from './invitation-status';
import { SignInsService } from './sign-ins.service';
import { SignUpService } from './sign-up.service';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import type { Principal } from './token-service';

type In<K extends keyof typeof identityRoutes> = ParsedRouteInput<(typeof identityRoutes)[K]>;

@Controller()
export class IdentityController {
  constructor(
    private readonly identity: IdentityService,
    private readonly invites: InvitationsService,
    @Inject(SignInsService) private readonly signIns: SignInsService,
    @Inject(SignUpService) private readonly signUps: SignUpService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @ContractRoute(identityRoutes.signUp)
  async signUp(@Input() input: In<'signUp'>, @Req() req: Request) {
    // The same answer whether or not the address has an account: only its owner learns which.
    await this.signUps.signUp(input.body, req.ip ?? 'unknown');
    return { sent: true as const };
  }

  @ContractRoute(identityRoutes.confirmSignUp)
  async confirmSignUp(
    @Input() input: In<'confirmSignUp'>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.respond(
      res,
      await this.signUps.confirm(input.body.token, req.ip ?? 'unknown', deviceOf(req)),
    );
  }

  @ContractRoute(identityRoutes.login)
  async login(
    @Input() input: In<'login'>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.identity.login(input.body, req.ip ?? 'unknown', deviceOf(req));
    if ('secondFactor' in result) {
      res.setHeader('Cache-Control', 'no-store');
      return result;
    }
    return this.respond(res, result);
  }

  @ContractRoute(identityRoutes.refresh)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      return this.respond(res, await this.signIns.refresh(readRefreshCookie(req)));
    } catch (error) {
      clearRefreshCookie(res, this.config);
      throw error;
    }
  }

  @ContractRoute(identityRoutes.logout)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.signIns.logout(readRefreshCookie(req));
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
    return createdInvitation(await this.invites.invite(principal, input.body));
  }

  @ContractRoute(identityRoutes.invitations)
  async invitations(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'invitations'>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const list = await this.invites.listInvitations(principal, input.query.status);
    // Names and emails of people: no cache between here and the browser may keep them.
    res.setHeader('Cache-Control', 'no-store');
    return {
      invitations: list.map(({ invitation, status }) => sentInvitation(invitation, status)),
    };
  }

  @ContractRoute(identityRoutes.revokeInvitation)
  async revokeInvitation(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'revokeInvitation'>,
  ) {
    const invitation = await this.invites.revokeInvitation(principal, input.params.invitationId);
    return { invitation: sentInvitation(invitation, 'revoked') };
  }

  @ContractRoute(identityRoutes.resendInvitation)
  async resendInvitation(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'resendInvitation'>,
    @Res({ passthrough: true }) res: Response,
  ) {
    // The answer holds the new link, which is as good as the invitation itself.
    res.setHeader('Cache-Control', 'no-store');
    return createdInvitation(
      await this.invites.resendInvitation(
        principal,
        input.params.invitationId,
        input.body?.sendEmail ?? false,
      ),
    );
  }

  @ContractRoute(identityRoutes.previewInvitation)
  async previewInvitation(@Input() input: In<'previewInvitation'>) {
    const { invitation, practiceName } = await this.invites.previewInvitation(input.params.token);
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
      await this.invites.acceptInvitation(
        input.params.token,
        input.body,
        req.ip ?? 'unknown',
        deviceOf(req),
      ),
    );
  }

  private respond(res: Response, session: IssuedSession): SessionTokens {
    setRefreshCookie(res, this.config, session.refreshToken, session.refreshExpiresAt);
    // Tokens and personal data must not be kept by any cache between here and the browser.
    res.setHeader('Cache-Control', 'no-store');
    return session.tokens;
  }
}

/** "Firefox on Windows": how the person will recognise this sign-in among their devices. */
function deviceOf(req: Request): string {
  return deviceLabel(req.get('user-agent'));
}

function invitationBody(invitation: InvitationEntity, status: InvitationStatus) {
  return {
    id: invitation.id,
    email: invitation.email,
    displayName: invitation.displayName,
    roles: invitation.roles,
    expiresAt: invitation.expiresAt.toISOString(),
    status,
  };
}

function sentInvitation(invitation: InvitationEntity, status: InvitationStatus) {
  return { ...invitationBody(invitation, status), createdAt: invitation.createdAt.toISOString() };
}

/** A new invitation with its link, which exists only in this answer (the database keeps a hash). */
function createdInvitation({ invitation, token, email }: CreatedInvitation) {
  return {
    invitation: invitationBody(invitation, 'pending'),
    acceptPath: `/invitations/${token}`,
    email,
  };
}
