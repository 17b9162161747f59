import { ApiProperty, OmitType } from '@nestjs/swagger';
import { DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import type { DossierStatus } from '../dossiers/dossiers.model';

export class DashboardDossierResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CMI-2026-000123' }) reference!: string;
  @ApiProperty({ enum: DOSSIER_STATUSES, enumName: 'DossierStatus' }) status!: DossierStatus;
  @ApiProperty({ example: 'NGUYEN Thi Lan' }) studentName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId!: string | null;
  @ApiProperty({ format: 'date-time', description: 'The deadline, or the start of the implicit-rejection day reached (office time)' }) dueAt!: string;
  @ApiProperty({
    format: 'date',
    example: '2026-11-23',
    description:
      "The day it names, at the office (what people are shown): the last day given to the student for a complement, the implicit-rejection day for the prefecture's silence",
  })
  dueOn!: string;
  @ApiProperty({ enum: ['complement', 'prefecture_silence'] }) kind!: 'complement' | 'prefecture_silence';
}

/** An open dossier where the student sent something no agent has looked at yet. */
export class StudentActivityDossierResponse extends OmitType(DashboardDossierResponse, ['dueAt', 'dueOn', 'kind'] as const) {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The running deadline, as on the other lists (a received dossier has none)' })
  dueAt!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-11-23', description: 'The day it names, at the office' }) dueOn!: string | null;
  @ApiProperty({ enum: ['complement', 'prefecture_silence'], nullable: true }) kind!: 'complement' | 'prefecture_silence' | null;
  @ApiProperty({ description: 'Documents the student sent that are still to review', example: 2 }) newDocuments!: number;
  @ApiProperty({ description: "The student's messages no agent has read yet", example: 1 }) unreadMessages!: number;
  @ApiProperty({ format: 'date-time', description: 'When the latest of those documents and messages arrived' }) lastActivityAt!: string;
}

export class FailedEmailResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) dossierId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty() recipient!: string;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The SMTP server's last answer" }) lastError!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DashboardDossierList {
  @ApiProperty({ description: 'How many there are in all' }) count!: number;
  @ApiProperty({ type: [DashboardDossierResponse], description: 'The first 20, soonest first' }) items!: DashboardDossierResponse[];
}

export class StudentActivityDossierList {
  @ApiProperty({ description: 'How many there are in all' }) count!: number;
  @ApiProperty({ type: [StudentActivityDossierResponse], description: 'The first 20, latest activity first' }) items!: StudentActivityDossierResponse[];
}

export class FailedEmailList {
  @ApiProperty({ description: 'How many there are in all' }) count!: number;
  @ApiProperty({ type: [FailedEmailResponse], description: 'The 20 latest' }) items!: FailedEmailResponse[];
}

export class DashboardResponse {
  @ApiProperty({ format: 'date', description: "Today, in the office's time zone" }) today!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { received: 12, incomplete: 4, verified: 3, forwarded: 20, decided: 40, closed: 6 },
  })
  countsByStatus!: Record<DossierStatus, number>;
  @ApiProperty({ type: DashboardDossierList, description: 'Open dossiers whose deadline falls in the next 7 days' }) deadlinesThisWeek!: DashboardDossierList;
  @ApiProperty({
    type: DashboardDossierList,
    description: 'Deadlines passed without the job acting on them, and forwarded dossiers past their implicit-rejection day',
  })
  overdue!: DashboardDossierList;
  @ApiProperty({ type: FailedEmailList, description: 'E-mails that could not be delivered' }) failedEmails!: FailedEmailList;
  @ApiProperty({
    type: StudentActivityDossierList,
    description: 'Open dossiers with new documents or unread messages from the student, latest first',
  })
  studentActivity!: StudentActivityDossierList;
}
