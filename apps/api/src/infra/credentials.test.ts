import { describe, expect, it } from 'vitest';
import { CredentialsError, keyring, newKey, open, parseKeyring, seal } from './credentials';

describe('sealed credentials', () => {
  const ring = keyring([newKey('k1')]);

  it('opens what it sealed, with a fresh IV each time', () => {
    const a = seal(ring, { token: 'secret' });
    const b = seal(ring, { token: 'secret' });
    expect(a.sealed).not.toBe(b.sealed);
    expect(a.sealed).not.toContain('secret');
    expect(open(ring, a)).toEqual({ token: 'secret' });
  });

  it('refuses a changed ciphertext, a missing key and a malformed value', () => {
    const sealed = seal(ring, { token: 'secret' });
    const [iv, tag, data] = sealed.sealed.split('.');
    const flipped = Buffer.from(data!, 'base64');
    flipped[0]! ^= 1;
    expect(() => open(ring, { ...sealed, sealed: [iv, tag, flipped.toString('base64')].join('.') })).toThrow(
      CredentialsError,
    );
    expect(() => open(ring, { ...sealed, keyId: 'k0' })).toThrow(/not configured/);
    expect(() => open(ring, { ...sealed, sealed: 'nonsense' })).toThrow(/malformed/);
  });

  it('reads CREDENTIAL_KEYS, newest first, and refuses keys that are not 32 bytes', () => {
    const k = Buffer.alloc(32, 1).toString('base64');
    expect(parseKeyring(`new:${k},old:${k}`).current.id).toBe('new');
    expect(() => parseKeyring(`short:${Buffer.alloc(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseKeyring('no-key')).toThrow(/id:base64/);
    expect(() => parseKeyring(`a:${k},a:${k}`)).toThrow(/repeat/);
  });
});
