import { Module } from '@nestjs/common';
import { AuditSealerService } from './audit-sealer.service';
import { IceServersController } from './ice-servers.controller';

/** Routes and jobs of the security layer; its middleware is wired in `configureApp`. */
@Module({ controllers: [IceServersController], providers: [AuditSealerService] })
export class SecurityModule {}
