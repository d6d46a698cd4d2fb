// Tokens: short-lived access tokens (JWT, HS256, via jose) and opaque random tokens (refresh,
// password reset) of which only a SHA-256 hash is stored.
import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@crossdock/domain/errors';
import type { UserKind } from '@crossdock/domain/identity';
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'crossdock';
const AUDIENCE = 'crossdock-api';

export interface AccessClaims {
  userId: string;
  kind: UserKind;
  /** The session family: revoking it ends this token on its next use. */
  sessionId: string;
}

export interface TokenService {
  signAccess(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }>;
  verifyAccess(token: string): Promise<AccessClaims>;
}

export function createTokenService(secret: string, ttlSeconds: number, now: () => Date): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async signAccess(claims) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const exp = issuedAt + ttlSeconds;
      const token = await new SignJWT({ kind: claims.kind, sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verifyAccess(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          currentDate: now(),
        });
        const kind = payload.kind;
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new Error('claims');
        if (kind !== 'staff' && kind !== 'customer') throw new Error('claims');
        return { userId: payload.sub, kind, sessionId: payload.sid };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new DomainError('TOKEN_EXPIRED', 'Your session token has expired; refresh it');
        }
        throw new DomainError('TOKEN_INVALID', 'The session token is not valid');
      }
    },
  };
}

/** A fresh opaque token: 256 random bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
