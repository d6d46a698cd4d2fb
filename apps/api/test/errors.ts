// Assertions on the errors clients see: the tRPC code and the machine-readable reason, as the
// error formatter reports them.

import type { ErrorReason } from '@crossdock/domain/errors';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { describeError } from '../src/trpc';

export async function expectReason(promise: Promise<unknown>, code: TRPCError['code'], reason?: ErrorReason) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}${reason ? `/${reason}` : ''} but the call succeeded`).toBeInstanceOf(
    TRPCError,
  );
  const trpcError = error as TRPCError;
  const described = describeError(trpcError);
  expect({ code: trpcError.code, reason: described.reason }).toEqual({
    code,
    reason: reason ?? described.reason,
  });
  return Object.assign(trpcError, { described });
}
