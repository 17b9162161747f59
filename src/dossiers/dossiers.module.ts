import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { CatalogModule } from '../catalog/catalog.module';
import { StudentsModule } from '../students/students.module';
import { DossiersController } from './dossiers.controller';
import { DossierOpeningRepository } from './dossiers.opening';
import { DossiersRepository } from './dossiers.repository';
import { DossiersService } from './dossiers.service';

@Module({
  imports: [StudentsModule, CatalogModule, AgentsModule],
  controllers: [DossiersController],
  providers: [DossiersService, DossiersRepository, DossierOpeningRepository],
  exports: [DossiersService, DossiersRepository],
})
export class DossiersModule {}
