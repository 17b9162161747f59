import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Clock } from './clock';
import { DossierEvents } from './dossier-events';
import { ProblemFilter } from './problem.filter';
import { createValidationPipe } from './validation';

/** Cross-cutting pieces every feature relies on: the clock, validation, problem+json errors. */
@Global()
@Module({
  providers: [
    Clock,
    DossierEvents,
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
  exports: [Clock, DossierEvents],
})
export class CommonModule {}
