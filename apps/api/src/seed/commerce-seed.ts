// Seeds what a demo shop needs to sell: shipping methods to the main markets with weight-based
// rates, tax rates for those countries, and a few promotions and codes (a spend tier, free
// shipping over a threshold, a first-order welcome code, a small fixed discount). Amounts in the
// base currency (USD) minor units. Idempotent: a database with shipping methods is left alone.
import type { Db } from '@crossdock/db/client';
import {
  coupons,
  promotions,
  shippingMethods,
  shippingRates,
  shippingZones,
  taxRates,
} from '@crossdock/db/schema';
import { pricesIncludeTaxByDefault } from '@crossdock/domain/tax';
import { sql } from 'drizzle-orm';

const zones = {
  asia: { name: 'Asia', countries: ['CN', 'HK', 'JP', 'KR', 'SG', 'TW', 'MY', 'TH'] },
  europe: {
    name: 'Europe',
    countries: ['DE', 'FR', 'GB', 'IT', 'ES', 'NL', 'BE', 'SE', 'DK', 'AT', 'IE', 'PL'],
  },
  northAmerica: { name: 'North America', countries: ['US', 'CA'] },
  oceania: { name: 'Oceania', countries: ['AU', 'NZ'] },
};

const methods = [
  {
    code: 'standard',
    name: { en: 'Standard', 'zh-CN': '标准快递' },
    description: { en: '6–12 business days, tracked', 'zh-CN': '6–12 个工作日，可追踪' },
    position: 0,
    rates: {
      asia: [
        [500, 490],
        [2000, 890],
        [null, 1590],
      ],
      europe: [
        [500, 890],
        [2000, 1490],
        [null, 2690],
      ],
      northAmerica: [
        [500, 990],
        [2000, 1690],
        [null, 2990],
      ],
      oceania: [
        [500, 1090],
        [2000, 1890],
        [null, 3290],
      ],
    },
  },
  {
    code: 'express',
    name: { en: 'Express', 'zh-CN': '特快专递' },
    description: {
      en: '2–4 business days, tracked, duties prepaid',
      'zh-CN': '2–4 个工作日，可追踪，预付关税',
    },
    position: 1,
    rates: {
      asia: [
        [2000, 1990],
        [null, 3490],
      ],
      europe: [
        [2000, 2990],
        [null, 4990],
      ],
      northAmerica: [
        [2000, 2990],
        [null, 4990],
      ],
    },
  },
] as const;

const vat: [string, number][] = [
  ['DE', 1900],
  ['FR', 2000],
  ['GB', 2000],
  ['IT', 2200],
  ['ES', 2100],
  ['NL', 2100],
  ['BE', 2100],
  ['SE', 2500],
  ['DK', 2500],
  ['AT', 2000],
  ['IE', 2300],
  ['PL', 2300],
  ['JP', 1000],
  ['AU', 1000],
  ['NZ', 1500],
  ['CA', 500],
  ['SG', 900],
  ['CN', 1300],
];

export async function seedCommerce(db: Db): Promise<{ created: boolean }> {
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(shippingMethods);
  if ((existing?.n ?? 0) > 0) return { created: false };
  await db.transaction(async (tx) => {
    for (const method of methods) {
      const [row] = await tx
        .insert(shippingMethods)
        .values({
          code: method.code,
          name: method.name,
          description: method.description,
          position: method.position,
        })
        .returning();
      const rates: Record<string, readonly (readonly [number | null, number])[]> = method.rates;
      for (const [zoneKey, brackets] of Object.entries(rates)) {
        const zone = zones[zoneKey as keyof typeof zones];
        const [zoneRow] = await tx
          .insert(shippingZones)
          .values({ methodId: row!.id, ...zone })
          .returning();
        await tx
          .insert(shippingRates)
          .values(brackets.map(([maxGrams, amount]) => ({ zoneId: zoneRow!.id, maxGrams, amount })));
      }
    }
    await tx.insert(taxRates).values(
      vat.map(([country, basisPoints]) => ({
        country,
        basisPoints,
        pricesIncludeTax: pricesIncludeTaxByDefault(country),
      })),
    );
    await tx.insert(promotions).values([
      {
        name: { en: 'Spend more, save more', 'zh-CN': '多买多省' },
        benefit: {
          kind: 'tiered',
          tiers: [
            { threshold: 30_000, amount: 3_000 },
            { threshold: 50_000, amount: 6_000 },
          ],
        },
        target: { kind: 'order' },
        stacking: 'stackable',
        priority: 10,
      },
      {
        name: { en: 'Free standard shipping on bigger orders', 'zh-CN': '订单满额免标准运费' },
        benefit: { kind: 'free_shipping', methodCodes: ['standard'] },
        target: { kind: 'order' },
        stacking: 'stackable',
        priority: 1,
        minSpend: 9_900,
      },
    ]);
    const [welcome, fiveOff] = await tx
      .insert(promotions)
      .values([
        {
          name: { en: 'Welcome: 10% off your first order', 'zh-CN': '新客首单 9 折' },
          benefit: { kind: 'percent_off', basisPoints: 1_000 },
          target: { kind: 'order' },
          stacking: 'stackable',
          priority: 5,
          firstOrderOnly: true,
          perCustomerLimit: 1,
          requiresCoupon: true,
        },
        {
          name: { en: 'Money off bigger orders', 'zh-CN': '满额立减' },
          benefit: { kind: 'amount_off', amount: 500 },
          target: { kind: 'order' },
          stacking: 'stackable',
          priority: 4,
          minSpend: 5_000,
          requiresCoupon: true,
        },
      ])
      .returning();
    await tx.insert(coupons).values([
      { code: 'WELCOME10', promotionId: welcome!.id },
      { code: 'CROSSDOCK5', promotionId: fiveOff!.id },
    ]);
  });
  return { created: true };
}

/** The codes a demo shopper can try, for the start banner. */
export const demoCoupons = ['WELCOME10', 'CROSSDOCK5'];
