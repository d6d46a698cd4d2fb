// A customer's address book. The first address becomes the default; making another the default
// moves the mark (one default per customer, kept by a unique index).
import { customerAddresses } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { AddressInput } from '@crossdock/domain/orders';
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';

const MAX_ADDRESSES = 20;

export async function listAddresses(deps: AppDeps, customerId: string) {
  return deps.db
    .select()
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, customerId))
    .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.createdAt));
}

export async function addAddress(
  deps: AppDeps,
  customerId: string,
  input: { address: AddressInput; isDefault: boolean },
) {
  return deps.db.transaction(async (tx) => {
    // Serialises a customer's address changes, so the count and the default mark stay right.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`addresses:${customerId}`}))`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, customerId));
    if (n >= MAX_ADDRESSES) {
      throw new DomainError('VALIDATION_FAILED', `An address book holds at most ${MAX_ADDRESSES} addresses`);
    }
    const isDefault = input.isDefault || n === 0;
    if (isDefault) {
      await tx
        .update(customerAddresses)
        .set({ isDefault: false })
        .where(eq(customerAddresses.customerId, customerId));
    }
    const [row] = await tx
      .insert(customerAddresses)
      .values({ ...input.address, customerId, isDefault, createdAt: deps.clock.now() })
      .returning();
    return row!;
  });
}

export async function updateAddress(
  deps: AppDeps,
  customerId: string,
  input: { id: string; address: AddressInput; isDefault?: boolean },
) {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`addresses:${customerId}`}))`);
    if (input.isDefault) {
      await tx
        .update(customerAddresses)
        .set({ isDefault: false })
        .where(and(eq(customerAddresses.customerId, customerId), ne(customerAddresses.id, input.id)));
    }
    const [row] = await tx
      .update(customerAddresses)
      .set({ ...input.address, ...(input.isDefault ? { isDefault: true } : {}) })
      .where(and(eq(customerAddresses.id, input.id), eq(customerAddresses.customerId, customerId)))
      .returning();
    if (!row) throw new DomainError('NOT_FOUND', 'There is no such address');
    return row;
  });
}

export async function removeAddress(deps: AppDeps, customerId: string, id: string) {
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`addresses:${customerId}`}))`);
    const [gone] = await tx
      .delete(customerAddresses)
      .where(and(eq(customerAddresses.id, id), eq(customerAddresses.customerId, customerId)))
      .returning();
    if (!gone) throw new DomainError('NOT_FOUND', 'There is no such address');
    if (gone.isDefault) {
      // The oldest remaining address takes over as the default.
      const [next] = await tx
        .select({ id: customerAddresses.id })
        .from(customerAddresses)
        .where(eq(customerAddresses.customerId, customerId))
        .orderBy(asc(customerAddresses.createdAt))
        .limit(1);
      if (next)
        await tx.update(customerAddresses).set({ isDefault: true }).where(eq(customerAddresses.id, next.id));
    }
  });
}

export async function addressOf(deps: AppDeps, customerId: string, id: string) {
  const [row] = await deps.db
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.id, id), eq(customerAddresses.customerId, customerId)));
  if (!row) throw new DomainError('NOT_FOUND', 'There is no such address');
  return row;
}
