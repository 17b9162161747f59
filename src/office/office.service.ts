import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { initialProfile, OfficeProfile, OfficeProfileInput } from './office.model';
import { OfficeRepository } from './office.repository';

/** How long a process trusts its copy of the profile (the API changes it, the worker reads it). */
const CACHE_MS = 5_000;

@Injectable()
export class OfficeService {
  private cached: { profile: OfficeProfile; at: number } | null = null;

  constructor(
    private readonly office: OfficeRepository,
    private readonly config: AppConfig,
  ) {}

  /** The profile; a new installation gets one from its configuration (OFFICE_NAME, OFFICE_EMAIL) for an admin to complete. */
  async profile(): Promise<OfficeProfile> {
    const now = Date.now(); // the age of this process's copy, on the wall clock: a test clock moved or stopped neither ages nor keeps it
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.profile;
    const profile = (await this.office.find()) ?? (await this.office.ensure(initialProfile(this.config.OFFICE_NAME, this.config.OFFICE_EMAIL)));
    this.cached = { profile, at: now };
    return profile;
  }

  /** PUT /api/office: the whole profile, with If-Match (optional) against a concurrent change. */
  async replace(input: OfficeProfileInput, expectedVersion: number | undefined, actor: Actor): Promise<OfficeProfile> {
    await this.profile();
    const replaced = await this.office.replace(input, expectedVersion, actor.label);
    if (!replaced) {
      const current = (await this.office.find())!;
      throw ProblemException.of('office.stale', { currentVersion: current.version }, { currentVersion: current.version });
    }
    this.cached = { profile: replaced, at: Date.now() }; // the copy's age, on the wall clock (see profile())
    return replaced;
  }
}
