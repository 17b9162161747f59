import { Injectable, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JobName, JobPayload } from './queue.jobs';

const JOB_HANDLER = 'passerelle:job-handler';

/** What a handler knows of the job it runs. */
export interface JobContext {
  id: string | undefined;
  /** Attempts before this one. */
  attemptsMade: number;
  maxAttempts: number;
  /** For a recurring job, the tick it belongs to. */
  scheduledFor: Date | null;
  /** Puts the job back to run at `at` (by the Clock) without counting an attempt (throws: return its result). */
  delayUntil(at: Date): Promise<never>;
}

export type JobHandlerFn<N extends JobName = JobName> = (payload: JobPayload<N>, context: JobContext) => Promise<unknown>;

/** Marks a provider method as the handler of a job of the catalogue (one handler per job name). */
export const HandlesJob = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);

export interface FoundHandler {
  name: string;
  owner: string;
  run: JobHandlerFn;
}

/** Finds the `@HandlesJob` methods of every provider of the application. */
@Injectable()
export class JobHandlerDiscovery {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  find(): FoundHandler[] {
    const found: FoundHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, fn as () => unknown);
        if (name) found.push({ name, owner: `${instance.constructor.name}.${method}`, run: (fn as JobHandlerFn).bind(instance) });
      }
    }
    return found;
  }
}
