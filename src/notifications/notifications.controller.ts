import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ScopedBy } from '../auth/auth.decorators';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { OptionalIfMatchVersion } from '../common/if-match';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { NotificationMessageResponse, NotificationResponse } from './notifications.dto';
import { NotificationsService } from './notifications.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('dossiers')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Audit('dossier.view')
  @ApiOperation({ summary: 'The e-mails of the dossier: to the student and alerts to agents, with their delivery status' })
  @ApiOkResponse({ type: [NotificationResponse] })
  @ApiProblems(400, 404)
  list(@Param('id', new ParseIdPipe()) id: string) {
    return this.notifications.list(id);
  }

  @Get(':notificationId')
  @Audit('dossier.view')
  @ApiOperation({
    summary: 'One e-mail of the dossier as its recipient received it: subject, recipient, date, and its text and HTML bodies as sent',
  })
  @ApiOkResponse({ type: NotificationMessageResponse })
  @ApiProblems(400, 404)
  one(@Param('id', new ParseIdPipe()) id: string, @Param('notificationId', new ParseIdPipe('notificationId')) notificationId: string) {
    return this.notifications.one(id, notificationId);
  }

  @Post(':notificationId/retry')
  @Audit('dossier.retry')
  @HttpCode(202)
  @ApiOperation({ summary: "Send a failed e-mail again, to the student's current address (after correcting it)" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The dossier version last seen; when sent, a stale one is refused (412).' })
  @ApiAcceptedResponse({ type: NotificationResponse, description: 'Queued: the e-mail goes out again shortly' })
  @ApiProblems(400, 404, 409, 412)
  retry(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('notificationId', new ParseIdPipe('notificationId')) notificationId: string,
    @CurrentActor() actor: Actor,
    @OptionalIfMatchVersion() version: number | undefined,
  ) {
    return this.notifications.retry(id, notificationId, actor, version);
  }
}
