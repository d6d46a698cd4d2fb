import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Crypter, secureStore } from './secure-store';

const reversing: Crypter = {
  available: () => true,
  encrypt: (text) => Buffer.from([...text].reverse().join('')),
  decrypt: (data) => [...data.toString()].reverse().join(''),
};

const file = () => join(tmpdir(), `crossdock-desktop-${crypto.randomUUID()}`, 'state.json');

describe('secure store', () => {
  it('keeps the server URL and the refresh token, the token only encrypted', async () => {
    const path = file();
    const store = secureStore(path, reversing);
    expect(await store.serverUrl()).toBeNull();
    await store.setServerUrl('https://shop.example.com');
    await store.setRefreshToken('refresh-token-0123456789');
    expect(await store.serverUrl()).toBe('https://shop.example.com');
    expect(await store.refreshToken()).toBe('refresh-token-0123456789');
    expect(await readFile(path, 'utf8')).not.toContain('refresh-token-0123456789');
  });

  it('forgets the session with a new server, and keeps no token without a keychain', async () => {
    const path = file();
    const store = secureStore(path, reversing);
    await store.setServerUrl('https://a.example.com');
    await store.setRefreshToken('refresh-token-0123456789');
    await store.setServerUrl('https://b.example.com');
    expect(await store.refreshToken()).toBeNull();
    const bare = secureStore(path, { ...reversing, available: () => false });
    await bare.setRefreshToken('refresh-token-0123456789');
    expect(await bare.refreshToken()).toBeNull();
  });
});
