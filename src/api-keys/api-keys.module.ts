import { Module } from '@nestjs/common';
import { ApiKeyAccess } from './api-keys.access';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

/**
 * Keys for scripts and integrations (`Authorization: Bearer psk_…`): admins issue, list and
 * revoke them; the guard lets a key act as its own agent (ApiKeyAccess). API only.
 */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService, ApiKeysRepository, ApiKeyAccess],
  exports: [ApiKeyAccess],
})
export class ApiKeysModule {}
