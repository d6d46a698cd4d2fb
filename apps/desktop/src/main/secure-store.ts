// The app's small persistent state: the server URL in plain JSON, the refresh token encrypted
// with the OS keychain (Electron's safeStorage). `encrypt`/`decrypt` are injected so the file
// handling is unit-tested without Electron.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Crypter {
  available(): boolean;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

interface Stored {
  serverUrl?: string;
  /** base64 of the encrypted refresh token. */
  refreshToken?: string;
}

export function secureStore(file: string, crypter: Crypter) {
  async function read(): Promise<Stored> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Stored;
    } catch {
      return {};
    }
  }
  async function write(next: Stored) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(next), { mode: 0o600 });
  }
  return {
    async serverUrl() {
      return (await read()).serverUrl ?? null;
    },
    async setServerUrl(url: string) {
      // A new server: the old session means nothing there.
      await write({ serverUrl: url });
    },
    async refreshToken() {
      const stored = (await read()).refreshToken;
      if (!stored || !crypter.available()) return null;
      try {
        return crypter.decrypt(Buffer.from(stored, 'base64'));
      } catch {
        return null;
      }
    },
    async setRefreshToken(token: string | null) {
      const current = await read();
      // Without an OS keychain the token is not kept: staff sign in at each start.
      const refreshToken =
        token && crypter.available() ? crypter.encrypt(token).toString('base64') : undefined;
      await write({ ...current, refreshToken });
    },
  };
}
