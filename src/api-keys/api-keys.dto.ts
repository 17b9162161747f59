import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsId, trim } from '../common/validators';

const ROLES = ['agent', 'supervisor', 'admin'] as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 2, maxLength: 64, description: 'Who uses it, as the history and the audit will name it (« Export SIS nightly »)' })
  @Transform(trim)
  @IsString()
  @Length(2, 64)
  name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'AgentRole' })
  @IsIn(ROLES)
  role!: (typeof ROLES)[number];

  @ApiPropertyOptional({ type: [String], description: 'Restrict the key to these institutions, as an agent (omitted or empty: the whole office)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsId({ each: true })
  institutionIds?: string[];

  @ApiProperty({ format: 'date-time', example: '2027-06-30T23:59:59+02:00', description: 'When the key stops working: in the future' })
  @Matches(INSTANT, { message: 'must be a date-time with offset (2026-12-15T09:30:00+01:00)' })
  expiresAt!: string;
}

export class ApiKeyIssuer {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'psk_3f9a0c1b2d4e', description: 'The beginning of the key, to recognise it (the rest is secret)' }) prefix!: string;
  @ApiProperty({ enum: ROLES, enumName: 'AgentRole' }) role!: string;
  @ApiProperty({ type: [String], nullable: true, description: 'The member institutions the key covers; null: the whole office' })
  institutionIds!: string[] | null;
  @ApiProperty({ format: 'uuid', description: 'The agent the key acts as: the history and the audit name it' }) agentId!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'To the minute' }) lastUsedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: ApiKeyIssuer, description: 'The admin who issued it' }) createdBy!: ApiKeyIssuer;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    example: 'psk_3f9a0c1b2d4e_Jq0mV1kXb5yK3Yw0d9mQeS7rT2uV4wX6yZ8aB0cD1eF',
    description: 'The key, shown this once (only its hash is kept): send it as `Authorization: Bearer <key>`',
  })
  key!: string;
}
