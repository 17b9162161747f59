import { DynamicModule, Module } from '@nestjs/common';
import { coreModules, FEATURE_MODULES } from './app.module';
import type { Logger } from 'pino';
import { AppConfig } from './config/app-config';

/** The worker process: the same feature modules as the API, without HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return { module: WorkerModule, imports: [...coreModules(config, logger), ...FEATURE_MODULES] };
  }
}
