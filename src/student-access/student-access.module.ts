import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DossiersModule } from '../dossiers/dossiers.module';
import { StudentLinkController, StudentLinkRequestController, StudentSessionController } from './student-access.controller';
import { StudentGuard } from './student-access.guard';
import { StudentAccessRepository } from './student-access.repository';
import { StudentAccessService } from './student-access.service';
import { StudentLinkThrottle } from './student-access.throttle';

/**
 * Students' personal links and sessions: the exchange of a link for a cookie, the guard of the
 * students' API (global: it acts on @StudentApi routes only), the links e-mails carry (minted
 * by the delivery, NotificationsModule imports this), the student's request for a new one from a
 * spent link's page, and the agents' "send the link again".
 */
@Module({
  imports: [DossiersModule],
  controllers: [StudentSessionController, StudentLinkRequestController, StudentLinkController],
  providers: [StudentAccessService, StudentAccessRepository, StudentLinkThrottle, { provide: APP_GUARD, useClass: StudentGuard }],
  exports: [StudentAccessService],
})
export class StudentAccessModule {}
