// What must hold of stock after anything: every level is the sum of its ledger, and every SKU's
// costed quantity is what it has on hand in all warehouses.
import { resultRows } from '@crossdock/db/client';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestApp } from './harness';

export async function expectStockInvariants(app: TestApp) {
  const [drift] = resultRows<{ n: number }>(
    await app.deps.db.execute(sql`
      select count(*)::int as n from stock_levels l
      where l.on_hand <> (select coalesce(sum(on_hand_delta), 0) from stock_movements m
                          where m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id)`),
  );
  expect(drift, 'levels that are not the sum of their ledger').toEqual({ n: 0 });
  const [costed] = resultRows<{ n: number }>(
    await app.deps.db.execute(sql`
      select count(*)::int as n from sku_costs c
      where c.quantity <> (select coalesce(sum(on_hand), 0) from stock_levels l where l.sku_id = c.sku_id)`),
  );
  expect(costed, 'SKUs whose costed quantity is not what they have on hand').toEqual({ n: 0 });
}
