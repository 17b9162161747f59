import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { OfficeWide, RequireRole } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { EmailTemplateDetail, EmailTemplatePreview, EmailTemplateSummary, PreviewEmailTemplateDto, UpdateEmailTemplateDto } from './email-templates.dto';
import { EmailTemplatesPreview } from './email-templates.preview';
import { EmailTemplatesService } from './email-templates.service';
import { Audit } from '../audit/audit.decorators';

const KEY = {
  name: 'key',
  example: 'complement_requested.anef.fr',
  description: '<template>.<variant>.<language>; the variant is `default`, a procedure code or a channel',
};

/** The wording of the e-mails: the office's admins read it, change it, try it on a dossier. */
@ApiTags('email-templates')
@ApiBearerAuth()
@RequireRole('admin')
@OfficeWide()
@Controller('api/email-templates')
export class EmailTemplatesController {
  constructor(
    private readonly templates: EmailTemplatesService,
    private readonly previews: EmailTemplatesPreview,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every e-mail wording in force: shipped with Passerelle, or the office’s own' })
  @ApiOkResponse({ type: [EmailTemplateSummary] })
  @ApiProblems(401, 403)
  list() {
    return this.templates.list();
  }

  @Get(':key')
  @ApiOperation({ summary: 'One wording: the text in force, the shipped one, its variables and its history' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: EmailTemplateDetail })
  @ApiProblems(400, 401, 403, 404)
  get(@Param('key') key: string) {
    return this.templates.get(key);
  }

  @Put(':key')
  @Audit('email_template.update')
  @ApiOperation({
    summary: 'The office’s own wording (checked against every procedure and channel it applies to; a new version, in force for the next e-mails)',
  })
  @ApiParam(KEY)
  @ApiOkResponse({ type: EmailTemplateDetail })
  @ApiProblems(400, 401, 403)
  update(@Param('key') key: string, @Body() body: UpdateEmailTemplateDto, @CurrentActor() actor: Actor) {
    return this.templates.update(key, body, actor);
  }

  @Delete(':key')
  @Audit('email_template.revert')
  @ApiOperation({ summary: 'Back to the shipped wording (a version of the history)' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: EmailTemplateDetail })
  @ApiProblems(400, 401, 403, 404)
  revert(@Param('key') key: string, @CurrentActor() actor: Actor) {
    return this.templates.revert(key, actor);
  }

  @Post(':key/preview')
  @Audit('email_template.preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a wording (the one given, or the one in force) with a real dossier’s data; nothing is recorded or sent' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: EmailTemplatePreview })
  @ApiProblems(400, 401, 403, 404)
  preview(@Param('key') key: string, @Body() body: PreviewEmailTemplateDto) {
    return this.previews.preview(key, body);
  }
}
