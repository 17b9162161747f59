import { DynamicModule, Module } from '@nestjs/common';
import { coreModules, FEATURE_MODULES } from './app.module';
import { AppConfig } from './config/app-config';

/** The worker process: the same feature modules as the API, without HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [...coreModules(config), ...FEATURE_MODULES] };
  }
}
