import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger';

describe('the log', () => {
  it('redacts shop credentials wherever a logged object carries them', () => {
    const lines: string[] = [];
    const logger = pino(loggerOptions('info'), { write: (line: string) => lines.push(line) });
    logger.info({ input: { name: 'Shop', credentials: { accessToken: 'shpat_x' } } }, 'create');
    logger.info({
      shop: { credentials: { refreshToken: 'Atzr|x' } },
      auth: { clientSecret: 'cs', oauthToken: 'v^1' },
    });
    const all = lines.join('\n');
    for (const secret of ['shpat_x', 'Atzr|x', '"cs"', 'v^1']) expect(all).not.toContain(secret);
    expect(all).toContain('Shop');
  });
});
