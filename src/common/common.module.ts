import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Clock } from './clock';
import { DossierEvents } from './dossier-events';
import { ProblemFilter } from './problem.filter';
import { createValidationPipe } from './validation';

/**
 * Cross-cutting pieces every feature relies on: the clock, validation, problem+json errors.
 * `forRoot(clock)` puts another Clock in the application's place (tests move theirs).
 */
@Global()
@Module({
  providers: [DossierEvents, { provide: APP_PIPE, useFactory: createValidationPipe }, { provide: APP_FILTER, useClass: ProblemFilter }],
  exports: [Clock, DossierEvents],
})
export class CommonModule {
  static forRoot(clock?: Clock): DynamicModule {
    return { module: CommonModule, providers: [clock ? { provide: Clock, useValue: clock } : Clock], exports: [Clock] };
  }
}
