import { Module } from '@nestjs/common';
import { AgentsController } from './agents.controller';
import { AgentsRepository } from './agents.repository';

@Module({ controllers: [AgentsController], providers: [AgentsRepository], exports: [AgentsRepository] })
export class AgentsModule {}
