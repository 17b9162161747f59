import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AgentsController } from '../agents/agents.controller';
import { AgentsModule } from '../agents/agents.module';
import { AgentsService } from '../agents/agents.service';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { LoginThrottle } from './auth.login-throttle';
import { Passwords } from './auth.passwords';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { Tokens } from './auth.tokens';
import { DashboardAccess } from './dashboard-access';

/** Logins, tokens, the guard every route goes through, and the agents' accounts. API only (the worker has no requests). */
@Module({
  imports: [AgentsModule],
  controllers: [AuthController, AgentsController],
  providers: [AgentsService, AuthService, AuthRepository, Passwords, Tokens, LoginThrottle, DashboardAccess, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [Passwords, AuthRepository, Tokens, DashboardAccess, AgentsService],
})
export class AuthModule {}
