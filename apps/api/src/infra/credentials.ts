// Sealing marketplace credentials at rest: AES-256-GCM with a 96-bit random IV per seal, the
// key's id stored beside the ciphertext. A keyring holds the current key (new seals) and older
// ones (to open what they sealed); rotating means adding a new key in front and re-sealing
// (channels' rotateCredentials). Plain credentials exist only in memory, for the connector's
// call; they are never logged or returned.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface CredentialKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  /** The key new seals use. */
  current: CredentialKey;
  find(id: string): CredentialKey | undefined;
  ids: readonly string[];
}

export class CredentialsError extends Error {}

export function keyring(keys: readonly CredentialKey[]): Keyring {
  const [current] = keys;
  if (!current) throw new CredentialsError('A keyring needs at least one key');
  for (const k of keys) {
    if (k.key.length !== 32) throw new CredentialsError(`Key ${k.id} is not 32 bytes (AES-256)`);
  }
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new CredentialsError('Key ids repeat');
  return { current, find: (id) => keys.find((k) => k.id === id), ids: keys.map((k) => k.id) };
}

/** `id:base64,id:base64…` (CREDENTIAL_KEYS), newest first. */
export function parseKeyring(spec: string): Keyring {
  return keyring(
    spec.split(',').map((part) => {
      const [id, encoded, ...rest] = part.trim().split(':');
      if (!id || !encoded || rest.length > 0 || !/^[\w-]{1,32}$/.test(id)) {
        throw new CredentialsError('CREDENTIAL_KEYS entries are id:base64-key');
      }
      return { id, key: Buffer.from(encoded, 'base64') };
    }),
  );
}

export function newKey(id: string): CredentialKey {
  return { id, key: randomBytes(32) };
}

/**
 * Without CREDENTIAL_KEYS (single-machine demo, development): one key kept in a file of the
 * data folder, made on first start and readable by its owner only.
 */
export async function fileKeyring(path: string): Promise<Keyring> {
  try {
    return parseKeyring((await readFile(path, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = newKey('local-1');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${key.id}:${key.key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  await chmod(path, 0o600);
  return parseKeyring((await readFile(path, 'utf8')).trim());
}

export interface Sealed {
  sealed: string;
  keyId: string;
}

export function seal(ring: Keyring, value: unknown): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return { sealed: [iv, tag, data].map((b) => b.toString('base64')).join('.'), keyId: ring.current.id };
}

/** Opens what `seal` sealed; refuses a missing key or any change to the ciphertext. */
export function open<T>(ring: Keyring, { sealed, keyId }: Sealed): T {
  const key = ring.find(keyId);
  if (!key) throw new CredentialsError(`The key ${keyId} that sealed these credentials is not configured`);
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) {
    throw new CredentialsError('Sealed credentials are malformed');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8')) as T;
  } catch {
    throw new CredentialsError('Sealed credentials do not open with their key');
  }
}
