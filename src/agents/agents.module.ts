import { Module } from '@nestjs/common';
import { Passwords } from '../auth/auth.passwords';
import { AgentsController } from './agents.controller';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';

/**
 * The office's agents: their accounts (managed by admins) and their records (assignment,
 * digests), in every process. Passwords are hashed here as at login (a stateless helper).
 */
@Module({
  controllers: [AgentsController],
  providers: [AgentsService, AgentsRepository, Passwords],
  exports: [AgentsService, AgentsRepository],
})
export class AgentsModule {}
