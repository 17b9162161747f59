import { Module } from '@nestjs/common';
import { AgentsRepository } from './agents.repository';

/** The agents' records (assignment, digests): in every process. */
@Module({ providers: [AgentsRepository], exports: [AgentsRepository] })
export class AgentsModule {}
