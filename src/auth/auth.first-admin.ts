import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AgentsService } from '../agents/agents.service';
import { AppConfig } from '../config/app-config';

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD: the first admin, created when the API starts while the office
 * has none, so that someone can log in. The API does it, not the agents' module: the worker
 * starts beside the API with the same environment, and both would race to create the account.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Agents');

  constructor(
    private readonly agents: AgentsService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ADMIN_EMAIL || !this.config.ADMIN_PASSWORD) return;
    const created = await this.agents.ensureAdmin(this.config.ADMIN_EMAIL, 'Administrator', this.config.ADMIN_PASSWORD);
    if (created) this.logger.log(`First admin ${this.config.ADMIN_EMAIL} created from ADMIN_EMAIL and ADMIN_PASSWORD`);
  }
}
