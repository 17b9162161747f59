import { AppConfig, ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives safe local defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/passerelle',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMTP_URL: undefined,
      OFFICE_TIMEZONE: 'Europe/Paris',
      DOCS_ENABLED: true,
    });
  });

  it('reads and converts values; an empty value means the default', () => {
    const config = loadConfig({ PORT: '8080', DOCS_ENABLED: 'false', DATABASE_POOL_SIZE: '25', SMTP_URL: 'smtp://mail:1025', LOG_LEVEL: '' });
    expect(config).toMatchObject({ PORT: 8080, DOCS_ENABLED: false, DATABASE_POOL_SIZE: 25, SMTP_URL: 'smtp://mail:1025', LOG_LEVEL: 'info' });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT .* \(got "abc"\)$/],
    [{ PORT: '70000' }, /PORT must not be greater than 65535/],
    [{ DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must be a postgresql:\/\/ URL/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ SMTP_URL: 'mail.example' }, /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    [{ OFFICE_TIMEZONE: 'Europe/Rennes' }, /OFFICE_TIMEZONE must be an IANA time zone/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ DOCS_ENABLED: 'perhaps' }, /DOCS_ENABLED must be a boolean/],
    [{ OFFICE_REFERENCE_PREFIX: 'cmi' }, /OFFICE_REFERENCE_PREFIX must be 2-8 capital letters/],
    [{ STORAGE_URL: 'https://scans.example/bucket' }, /STORAGE_URL must be s3:\/\/bucket or s3:\/\/bucket\/prefix/],
    [{ S3_SERVER_SIDE_ENCRYPTION: 'yes' }, /S3_SERVER_SIDE_ENCRYPTION must be one of/],
    [{ DATABASE_DIRECT_URL: 'pgbouncer:6432' }, /DATABASE_DIRECT_URL must be a postgresql:\/\/ URL/],
  ])('stops on a bad value with one line naming it (%p)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads an object store for scans', () => {
    expect(loadConfig({ STORAGE_URL: 's3://passerelle-scans/cmi-rennes', S3_FORCE_PATH_STYLE: 'true', S3_SERVER_SIDE_ENCRYPTION: 'aws:kms' })).toMatchObject({
      STORAGE_URL: 's3://passerelle-scans/cmi-rennes',
      S3_FORCE_PATH_STYLE: true,
      S3_SERVER_SIDE_ENCRYPTION: 'aws:kms',
      S3_REGION: 'us-east-1',
    });
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', REDIS_URL: 'y' })).toThrow(/PORT .* \| REDIS_URL/);
  });
});
