import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AgentsModule } from '../agents/agents.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { FirstAdmin } from './auth.first-admin';
import { LoginThrottle } from './auth.login-throttle';
import { Passwords } from './auth.passwords';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { SessionCache } from './auth.sessions';
import { SubjectsRepository } from './auth.subjects.repository';
import { Tokens } from './auth.tokens';
import { DashboardAccess } from './dashboard-access';

/** Logins, tokens, the guard every route goes through, the first admin. API only (the worker has no requests). */
@Module({
  imports: [AgentsModule, ApiKeysModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthRepository,
    SubjectsRepository,
    Passwords,
    Tokens,
    LoginThrottle,
    DashboardAccess,
    FirstAdmin,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [Passwords, AuthRepository, Tokens, DashboardAccess],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(private readonly sessions: SessionCache) {}

  /** The API hears every change to logins from the start (the worker, without requests, does not listen). */
  onApplicationBootstrap(): void {
    this.sessions.listen();
  }
}
