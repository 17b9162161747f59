import { Module } from '@nestjs/common';
import { StudentsModule } from '../students/students.module';
import { DossiersController } from './dossiers.controller';
import { DossiersRepository } from './dossiers.repository';
import { DossiersService } from './dossiers.service';

@Module({
  imports: [StudentsModule],
  controllers: [DossiersController],
  providers: [DossiersService, DossiersRepository],
  exports: [DossiersService, DossiersRepository],
})
export class DossiersModule {}
