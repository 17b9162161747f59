import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRepository } from './audit.repository';
import { AuditRoutesCheck } from './audit.routes';
import { AuditService } from './audit.service';

/** The audit trail: written by every feature and by the interceptor, read by supervisors at GET /api/audit. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditRoutesCheck, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService, AuditRepository],
})
export class AuditModule {}
