import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MIN_LENGTH } from './auth.passwords';

export class LoginDto {
  @ApiProperty({ example: 'claire.martin@cmi-rennes.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh (each is usable once)' })
  @IsString()
  @Length(20, 200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200, { message: `newPassword must be ${PASSWORD_MIN_LENGTH} to 200 characters long` })
  newPassword!: string;
}

export class SessionAgent {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['agent', 'supervisor', 'admin'], enumName: 'AgentRole' }) role!: string;
  @ApiPropertyOptional({ type: [String], nullable: true, description: 'The institutions the agent covers; null: the whole office' })
  institutionIds!: string[] | null;
}

export class TokensResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' }) accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token lasts' }) expiresIn!: number;
  @ApiProperty({ description: 'Exchange it for new tokens at POST /api/auth/refresh before the access token ends; usable once' }) refreshToken!: string;
  @ApiProperty({ type: SessionAgent }) agent!: SessionAgent;
}
