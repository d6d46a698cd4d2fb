// Password hashing (argon2id at OWASP's recommended floor: 19 MiB, 2 passes, 1 lane) and the
// strength check beyond length: not a common password, not guessable from the account.

import { DomainError } from '@crossdock/domain/errors';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

const ARGON2ID = 2; // Algorithm.Argon2id; a const enum, so not importable under isolatedModules.
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never matches
  }
}

// Verified against when an email is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export function verifyAgainstDummy(password: string): Promise<boolean> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}

// ~49k most common passwords (zxcvbn-ts). Lowercased: "Password123" is as common as "password123".
const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

function isSequence(password: string): boolean {
  const codes = [...password].map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] ?? 0)));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0] ?? 2);
}

/** Throws when the password is too easy to guess; length is checked by the zod contract. */
export function assertStrongPassword(
  password: string,
  context: { email?: string; name?: string } = {},
): void {
  const lower = password.toLowerCase();
  if (common.has(lower)) {
    throw new DomainError('PASSWORD_TOO_COMMON', 'This password is on a list of commonly used passwords');
  }
  if (isSequence(password)) {
    throw new DomainError('PASSWORD_TOO_WEAK', 'Use a password that is not a repeated or sequential run');
  }
  const personal = [context.email?.split('@')[0], ...(context.name?.split(/\s+/) ?? [])];
  for (const part of personal) {
    if (part && part.length >= 4 && lower.includes(part.toLowerCase())) {
      throw new DomainError('PASSWORD_TOO_WEAK', 'Use a password that does not contain your name or email');
    }
  }
}
