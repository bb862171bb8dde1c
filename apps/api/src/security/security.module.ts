import { Module } from '@nestjs/common';
import { IceServersController } from './ice-servers.controller';

/** Routes of the security layer; its middleware is wired in `configureApp`. */
@Module({ controllers: [IceServersController] })
export class SecurityModule {}
