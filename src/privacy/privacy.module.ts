import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';

/** Personal data over time: export, erasure, the nightly retention job. */
@Module({ controllers: [PrivacyController], providers: [PrivacyService, PrivacyRepository] })
export class PrivacyModule {}
