import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('config', () => {
  it('defaults to the embedded database in .data and no Redis', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      database: '.data/db',
      redisUrl: null,
      port: 4000,
      authSecretIsEphemeral: true,
    });
  });

  it('uses DATABASE_URL and REDIS_URL when given', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/shop',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(config.database).toBe('postgres://u:p@db:5432/shop');
    expect(config.redisUrl).toBe('redis://cache:6379');
  });

  it('stops start-up with a message naming each bad variable', () => {
    expect(() =>
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CORS_ORIGINS: 'not a url' }),
    ).toThrow(ConfigError);
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    }
  });

  it('requires a long AUTH_SECRET in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: required in production/);
    expect(() => parseConfig({ NODE_ENV: 'production', AUTH_SECRET: 'short' })).toThrow(/at least 32/);
    const keys = `k1:${Buffer.alloc(32, 3).toString('base64')}`;
    expect(
      parseConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), CREDENTIAL_KEYS: keys })
        .authSecretIsEphemeral,
    ).toBe(false);
  });

  it('requires keys for marketplace credentials in production, and refuses a malformed keyring', () => {
    const secret = 'x'.repeat(40);
    expect(() => parseConfig({ NODE_ENV: 'production', AUTH_SECRET: secret })).toThrow(
      /CREDENTIAL_KEYS: required in production/,
    );
    expect(() => parseConfig({ CREDENTIAL_KEYS: 'k1:short' })).toThrow(
      /CREDENTIAL_KEYS: Key k1 is not 32 bytes/,
    );
    // Without keys, development keeps one in the data folder; the memory database, one per process.
    expect(parseConfig({ DATA_DIR: '/srv/crossdock' }).credentialKeyFile).toBe(
      '/srv/crossdock/credential.key',
    );
    expect(parseConfig({ DATA_DIR: 'memory://' }).credentialKeyFile).toBeNull();
  });
});
