import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ScopedBy } from '../auth/auth.decorators';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { OptionalIfMatchVersion } from '../common/if-match';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { DossierResponse } from '../dossiers/dossiers.dto';
import { CardEventDto, SummonsDto, SummonsResponse } from './prefecture.dto';
import { PrefectureService } from './prefecture.service';
import { Audit } from '../audit/audit.decorators';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The dossier version last seen; when sent, a stale one is refused (412).' };

@ApiTags('prefecture')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id')
export class PrefectureController {
  constructor(private readonly prefecture: PrefectureService) {}

  @Post('summons')
  @Audit('dossier.summon')
  @ApiOperation({ summary: 'Record a summons of the student by the prefecture (fingerprints, more information...): the student is e-mailed' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: SummonsResponse })
  @ApiProblems(400, 404, 409, 412)
  summon(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: SummonsDto,
    @CurrentActor() actor: Actor,
    @OptionalIfMatchVersion() version: number | undefined,
  ) {
    return this.prefecture.summon(id, body, actor, version);
  }

  @Get('summons')
  @Audit('dossier.view')
  @ApiOperation({ summary: 'The summonses of the dossier' })
  @ApiOkResponse({ type: [SummonsResponse] })
  @ApiProblems(400, 404)
  summonses(@Param('id', new ParseIdPipe()) id: string) {
    return this.prefecture.summonses(id);
  }

  @Post('card-events')
  @Audit('dossier.card')
  @ApiOperation({ summary: 'The card is ready at the prefecture (the student is e-mailed), or has been handed over' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: DossierResponse })
  @ApiProblems(400, 404, 409, 412)
  card(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: CardEventDto,
    @CurrentActor() actor: Actor,
    @OptionalIfMatchVersion() version: number | undefined,
  ) {
    return this.prefecture.cardEvent(id, body, actor, version);
  }
}
