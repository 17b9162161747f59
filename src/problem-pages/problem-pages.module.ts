import { Module } from '@nestjs/common';
import { ProblemPagesController } from './problem-pages.controller';

/** GET /problems/:type, the pages the problem types resolve to. */
@Module({ controllers: [ProblemPagesController] })
export class ProblemPagesModule {}
