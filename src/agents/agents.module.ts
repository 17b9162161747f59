import { Module } from '@nestjs/common';
import { Passwords } from '../auth/auth.passwords';
import { SESSION_BROADCAST, SessionCache, sessionBroadcast } from '../auth/auth.sessions';
import { AppConfig } from '../config/app-config';
import { AgentsController } from './agents.controller';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';

/**
 * The office's agents: their accounts (managed by admins) and their records (assignment,
 * digests), in every process. Passwords are hashed here as at login (a stateless helper); the
 * logins' cache is here so that a change to an account reaches it (the API listens to it, AuthModule).
 */
@Module({
  controllers: [AgentsController],
  providers: [
    AgentsService,
    AgentsRepository,
    Passwords,
    SessionCache,
    // connects only once used: the API listens, the worker never does
    { provide: SESSION_BROADCAST, useFactory: sessionBroadcast, inject: [AppConfig] },
  ],
  exports: [AgentsService, AgentsRepository, SessionCache],
})
export class AgentsModule {}
