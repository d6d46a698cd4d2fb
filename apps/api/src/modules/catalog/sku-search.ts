// Finding SKUs for any form that points at one (a listing's link, a purchase order's line): by
// part of their code, barcode or product title.
import type { Executor } from '@crossdock/db/client';
import { products, skus } from '@crossdock/db/schema';
import { asc, eq, ilike, or, sql } from 'drizzle-orm';
import { containing } from '../../infra/like';

/** What a picker shows of a SKU. */
export const skuChoice = {
  skuId: skus.id,
  code: skus.code,
  title: sql<string>`${products.title}->>'en'`,
  barcode: skus.barcode,
};

/** Up to 20 SKUs whose code, barcode or product title holds `search`, by code. */
export async function findSkus(db: Executor, search: string) {
  const pattern = containing(search);
  return db
    .select(skuChoice)
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(
      or(
        ilike(skus.code, pattern),
        ilike(skus.barcode, pattern),
        sql`${products.title}->>'en' ilike ${pattern}`,
      ),
    )
    .orderBy(asc(skus.code))
    .limit(20);
}
