// The demo's history: played through the use cases, it leaves a business whose books agree —
// orders in every state spread over the days, stock matching its ledger, points matching theirs,
// settlements matched — and it is built once.

import { resultRows } from '@crossdock/db/client';
import { DEMO_PASSWORD, seedDemo } from '@crossdock/db/seed';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/infra/passwords';
import { type HistoryResult, seedCatalog, seedCommerce, seedHistory } from '../src/seed';
import { createTestApp, type TestApp } from './harness';

const DAY = 86_400_000;
const days = 16;
let app: TestApp;
let history: HistoryResult;
let end: number;

beforeAll(async () => {
  app = await createTestApp();
  const start = new Date(app.clock.now().getTime() - days * DAY);
  await seedDemo(app.deps.db, { hashPassword, customersJoinedAt: start });
  await seedCatalog(app.deps.db, { epoch: new Date(start.getTime() - 60 * DAY) });
  await seedCommerce(app.deps.db);
  end = app.clock.now().getTime();
  history = await seedHistory(app.deps, {
    days,
    ordersPerDay: [3, 4],
    customers: 6,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
}, 240_000);
afterAll(async () => {
  await app?.cleanup();
});

const rows = async <T>(query: ReturnType<typeof sql>) => resultRows<T>(await app.deps.db.execute(query));

describe('demo history', () => {
  it('places orders on every day of the period, ending in many states, once', async () => {
    expect(history.created).toBe(true);
    expect(history.orders).toBeGreaterThan(days * 2);
    const statuses = (await rows<{ status: string }>(sql`select distinct status from orders`)).map(
      (r) => r.status,
    );
    expect(statuses).toEqual(expect.arrayContaining(['completed', 'delivered', 'cancelled', 'paid']));
    const [span] = await rows<{ first: Date; last: Date; days: number }>(sql`
      select min(placed_at) as first, max(placed_at) as last,
        count(distinct (placed_at at time zone 'UTC')::date)::int as days from orders`);
    expect(new Date(span!.first).getTime()).toBeLessThan(end - (days - 2) * DAY);
    expect(new Date(span!.last).getTime()).toBeLessThanOrEqual(end);
    expect(span!.days).toBeGreaterThanOrEqual(days - 2);
    expect(
      (await seedHistory(app.deps, { days, ordersPerDay: [3, 4], customers: 0, passwordHash: '' })).created,
    ).toBe(false);
  });

  it('dates what it writes by its own clock, not by the database clock', async () => {
    // Placing an order writes its event, its reservations and (minutes later) its payment.
    const [off] = await rows<{ events: number; movements: number; payments: number }>(sql`
      select
        (select count(*) from outbox o join orders x on x.id::text = o.aggregate_id::text
          where o.type = 'order.placed' and o.occurred_at <> x.placed_at)::int as events,
        (select count(*) from stock_movements m join orders x on x.number = m.reference
          where m.reason = 'reserved' and m.created_at <> x.placed_at)::int as movements,
        (select count(*) from payments p join orders x on x.id = p.order_id
          where p.created_at < x.placed_at or p.created_at > x.placed_at + interval '1 hour')::int as payments`);
    expect(off).toEqual({ events: 0, movements: 0, payments: 0 });
  });

  it('keeps stock equal to its ledger, and points balances equal to theirs', async () => {
    const stock = await rows(sql`
      select l.sku_id from stock_levels l
      left join (select sku_id, warehouse_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved
        from stock_movements group by 1, 2) m on m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id
      where l.on_hand <> coalesce(m.on_hand, 0) or l.reserved <> coalesce(m.reserved, 0)`);
    expect(stock).toEqual([]);
    const points = await rows(sql`
      select b.customer_id from points_balances b
      join (select customer_id, sum(points) as n from points_ledger group by 1) l on l.customer_id = b.customer_id
      where b.balance <> l.n or b.balance < 0`);
    expect(points).toEqual([]);
    const [earned] = await rows<{ n: number }>(
      sql`select count(*)::int as n from points_ledger where reason = 'earned'`,
    );
    expect(earned!.n).toBeGreaterThan(0);
  });

  it('imports the settlement files, and every line matches a payment or refund', async () => {
    const [s] = await rows<{ imports: number; unmatched: number }>(sql`
      select (select count(*) from settlement_imports)::int as imports,
        (select count(*) from settlement_lines where status <> 'matched')::int as unmatched`);
    expect(s!.imports).toBeGreaterThan(days / 2);
    expect(s!.unmatched).toBe(0);
  });

  it('leaves reviews, refunds and shipments as staff would find them', async () => {
    const [r] = await rows<{ reviews: number; refunds: number; shipped: number; delivered: number }>(sql`
      select (select count(*) from reviews)::int as reviews,
        (select count(*) from refunds)::int as refunds,
        (select count(*) from shipments)::int as shipped,
        (select count(*) from shipments where delivered_at is not null)::int as delivered`);
    expect(r!.reviews).toBeGreaterThan(0);
    expect(r!.shipped).toBeGreaterThan(r!.delivered);
    expect(r!.delivered).toBeGreaterThan(0);
    const page = await (await app.staff(['Administrator'])).api.orders.list({ limit: 5 });
    expect(page.items.length).toBe(5);
  });
});
