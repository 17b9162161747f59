import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MIN_LENGTH } from '../auth/auth.passwords';
import { IsId, trim } from '../common/validators';

const ROLES = ['agent', 'supervisor', 'admin'] as const;

export class AgentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'AgentRole' }) role!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: [String], nullable: true, description: 'The member institutions the agent covers; null: the whole office' }) institutionIds!:
    string[] | null;
}

export class CreateAgentDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(2, 150)
  displayName!: string;

  @ApiProperty({ enum: ROLES, enumName: 'AgentRole' })
  @IsIn(ROLES)
  role!: (typeof ROLES)[number];

  @ApiPropertyOptional({ type: [String], description: 'Restrict the agent to these institutions (omitted or empty: the whole office)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsId({ each: true })
  institutionIds?: string[];

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, description: 'Their first password (they change it with POST /api/auth/password)' })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200, { message: `password must be ${PASSWORD_MIN_LENGTH} to 200 characters long` })
  password!: string;
}

export class UpdateAgentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 150)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'AgentRole' })
  @IsOptional()
  @IsIn(ROLES)
  role?: (typeof ROLES)[number];

  @ApiPropertyOptional({ description: 'false disables the account: its logins end at once' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the institutions covered (empty: the whole office)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsId({ each: true })
  institutionIds?: string[];

  @ApiPropertyOptional({ format: 'password', description: 'A new password (their logins end)' })
  @IsOptional()
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200, { message: `password must be ${PASSWORD_MIN_LENGTH} to 200 characters long` })
  password?: string;
}
