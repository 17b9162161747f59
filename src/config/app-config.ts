import { existsSync, readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig } from './config.variables';

// the variables are declared beside (config.variables.ts); importers take the class and its loading from here
export { AppConfig };

export class ConfigError extends Error {}

function describe(error: ValidationError): string {
  // class-validator starts each message with the property name, which is already said once
  const reasons = Object.values(error.constraints ?? {})
    .map((message) => (message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message))
    .join('; ');
  const shown = error.value === undefined ? 'missing' : `got ${JSON.stringify(error.value)}`;
  return `${error.property} ${reasons} (${shown})`;
}

/**
 * Builds the typed configuration from an environment (process.env by default, after
 * loading `.env` when one exists). Empty strings count as unset, so defaults apply.
 */
export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration: ${errors.map(describe).join(' | ')}`);
  }
  if (config.NODE_ENV === 'production' && !config.SMTP_URL) {
    throw new ConfigError('Invalid configuration: SMTP_URL is required in production (students must receive their e-mails, not a folder)');
  }
  if (!config.AUTH_TOKEN_SECRET && config.AUTH_TOKEN_SECRET_FILE) {
    let secret: string;
    try {
      secret = readFileSync(config.AUTH_TOKEN_SECRET_FILE, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(
        `Invalid configuration: AUTH_TOKEN_SECRET_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    if (secret.length < 32) throw new ConfigError('Invalid configuration: AUTH_TOKEN_SECRET_FILE must hold at least 32 characters');
    config.AUTH_TOKEN_SECRET = secret;
  }
  if (config.NODE_ENV === 'production' && !config.AUTH_TOKEN_SECRET) {
    throw new ConfigError('Invalid configuration: AUTH_TOKEN_SECRET is required in production (at least 32 random characters, e.g. `openssl rand -base64 48`)');
  }
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD go together (the first admin needs both)');
  }
  if (config.NODE_ENV === 'production' && config.DEADLINE_DAY_MS !== undefined) {
    throw new ConfigError('Invalid configuration: DEADLINE_DAY_MS shortens every deadline and is refused in production');
  }
  return config;
}

function readEnvironment(): NodeJS.ProcessEnv {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}
