// Customers for staff: search by email or name (keyset pages, newest first), and one customer
// with their addresses, orders, points and lifetime value (what they paid and kept, in the base
// currency).
import { type Executor, outer } from '@crossdock/db/client';
import { customerAddresses, orders, users } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { money } from '@crossdock/domain/money';
import type { OrderStatus } from '@crossdock/domain/order-states';
import { convertAmountToBase } from '@crossdock/domain/prices';
import { and, asc, desc, eq, ilike, lt, notInArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { decodeKeyset, encodeKeyset } from '../../infra/cursor';
import { settingFor } from '../catalog/currencies';
import { listOrders } from '../orders/orders.service';
import { balanceOf } from '../points/points.service';
import { pricingReference } from '../pricing/reference';

const cursorShape = z.tuple([z.string(), z.uuid()]);
const unpaid: OrderStatus[] = ['pending_payment', 'cancelled'];

export async function listCustomers(
  db: Executor,
  input: { limit: number; cursor?: string; search?: string },
) {
  const after = input.cursor ? decodeKeyset(input.cursor, cursorShape) : null;
  const pattern = input.search ? `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      status: users.status,
      createdAt: users.createdAt,
      // The outer user's id written with its table: Drizzle leaves it unqualified in a
      // single-table select, and inside the subquery a bare "id" meant the order's (0 orders).
      orders: sql<number>`(select count(*)::int from ${orders} where ${orders.customerId} = ${outer('users', 'id')})`,
    })
    .from(users)
    .where(
      and(
        eq(users.kind, 'customer'),
        pattern ? or(ilike(users.email, pattern), ilike(users.name, pattern)) : undefined,
        after
          ? or(
              lt(users.createdAt, new Date(after[0])),
              and(eq(users.createdAt, new Date(after[0])), lt(users.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? encodeKeyset([last.createdAt.toISOString(), last.id]) : null,
  };
}

export async function customerDetail(deps: AppDeps, id: string) {
  const { db } = deps;
  const [customer] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      status: users.status,
      locale: users.locale,
      createdAt: users.createdAt,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .where(and(eq(users.id, id), eq(users.kind, 'customer')));
  if (!customer) throw new DomainError('NOT_FOUND', 'There is no such customer');
  const [addresses, recent, paid, points, { pricing }] = await Promise.all([
    db
      .select()
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, id))
      .orderBy(asc(customerAddresses.createdAt)),
    listOrders(db, { limit: 20, customerId: id, sort: 'newest' }),
    db
      .select({
        currency: orders.currency,
        orders: sql<number>`count(*)::int`,
        kept: sql<string>`sum(${orders.total} - ${orders.refunded})`,
      })
      .from(orders)
      .where(and(eq(orders.customerId, id), notInArray(orders.status, unpaid)))
      .groupBy(orders.currency),
    balanceOf(db, id),
    pricingReference(deps),
  ]);
  const lifetime = paid.reduce(
    (sum, r) => sum + convertAmountToBase(Number(r.kept), settingFor(pricing, r.currency), pricing.base),
    0,
  );
  return {
    ...customer,
    addresses,
    orders: recent,
    paidOrders: paid.reduce((n, r) => n + r.orders, 0),
    lifetimeValue: money(lifetime, pricing.base),
    points,
  };
}
