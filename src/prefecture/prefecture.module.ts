import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { PrefectureController } from './prefecture.controller';
import { PrefectureRepository } from './prefecture.repository';
import { PrefectureService } from './prefecture.service';

@Module({
  imports: [DossiersModule],
  controllers: [PrefectureController],
  providers: [PrefectureService, PrefectureRepository],
  exports: [PrefectureRepository],
})
export class PrefectureModule {}
