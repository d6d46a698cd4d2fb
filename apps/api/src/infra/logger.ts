// Structured logs (pino). Secrets never reach a log line: passwords, tokens, cookies and the
// Authorization header are redacted wherever they appear in a logged object.
import pino, { type Logger, type LoggerOptions } from 'pino';

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.authorization',
  '*.cookie',
  'input.password',
  'input.currentPassword',
  'input.newPassword',
  'input.token',
  'input.refreshToken',
  // Marketplace shops' credentials, wherever a logged object carries them.
  '*.credentials',
  'input.credentials',
  '*.clientSecret',
  '*.webhookSecret',
  '*.oauthToken',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { service: 'crossdock-api' },
  };
}

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}

export type { Logger };
