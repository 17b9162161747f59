import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorators';
import { LoginOnly, OfficeWide, RequireRole } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ApiKeyResponse, CreatedApiKeyResponse, CreateApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth()
@RequireRole('admin')
@OfficeWide()
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @LoginOnly()
  @Audit('api_key.create')
  @ApiOperation({ summary: 'Issue a key for a script or an integration (admins): the answer shows it once' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiProblems(400, 401, 403)
  create(@Body() body: CreateApiKeyDto, @CurrentActor() actor: Actor) {
    return this.keys.issue(body, actor);
  }

  @Get()
  @ApiOperation({ summary: 'The keys issued, revoked ones included (never their secret)' })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  @ApiProblems(401, 403)
  list() {
    return this.keys.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One key (never its secret)' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiProblems(400, 401, 403, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.keys.get(id);
  }

  @Delete(':id')
  @Audit('api_key.revoke')
  @ApiOperation({ summary: 'Revoke a key: its next request is refused, in every API process; it stays listed' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiProblems(400, 401, 403, 404)
  revoke(@Param('id', new ParseIdPipe()) id: string) {
    return this.keys.revoke(id);
  }
}
