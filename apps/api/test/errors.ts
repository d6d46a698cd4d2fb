// Assertions on the errors clients see: the tRPC code and the machine-readable reason.
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { DomainError, type ErrorReason } from '@crossdock/domain/errors';

export async function expectReason(promise: Promise<unknown>, code: TRPCError['code'], reason?: ErrorReason) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}${reason ? `/${reason}` : ''} but the call succeeded`).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  expect(trpcError.code).toBe(code);
  if (reason) {
    expect(trpcError.cause).toBeInstanceOf(DomainError);
    expect((trpcError.cause as DomainError).reason).toBe(reason);
  }
  return trpcError;
}
