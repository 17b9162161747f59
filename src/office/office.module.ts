import { Module } from '@nestjs/common';
import { OfficeController } from './office.controller';
import { OfficeRepository } from './office.repository';
import { OfficeService } from './office.service';

@Module({
  controllers: [OfficeController],
  providers: [OfficeService, OfficeRepository],
  exports: [OfficeService],
})
export class OfficeModule {}
