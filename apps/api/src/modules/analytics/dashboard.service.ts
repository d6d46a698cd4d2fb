// The staff dashboard's figures, in the base currency: today's and this month's sales, orders,
// average order value and refunds; sales and orders per day for 30 days; the best-selling
// products of those 30 days; sales of those 30 days by where they were sold (the storefront, each
// marketplace shop); and what is waiting for staff. Orders count once paid (not while awaiting
// payment, nor when cancelled); days are UTC days.
import { orderLines, orders, refunds, reviews } from '@crossdock/db/schema';
import { type LocalizedText, localize } from '@crossdock/domain/catalog';
import { money } from '@crossdock/domain/money';
import type { OrderStatus } from '@crossdock/domain/order-states';
import { convertAmountToBase } from '@crossdock/domain/prices';
import { and, count, desc, eq, gte, inArray, notInArray, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { settingFor } from '../catalog/currencies';
import { shopNames } from '../channels/shops.service';
import { pricingReference } from '../pricing/reference';

const DAY = 86_400_000;
const unpaid: OrderStatus[] = ['pending_payment', 'cancelled'];

export async function dashboard(deps: AppDeps) {
  const { db } = deps;
  const now = deps.clock.now();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const since = new Date(today.getTime() - 29 * DAY);
  const from = since < month ? since : month;
  const { pricing } = await pricingReference(deps);
  // Every order's currency has a rate (storefront currencies, and shops' by a foreign key),
  // whether or not the storefront still sells in it.
  const toBase = (amount: number, currency: string) =>
    convertAmountToBase(amount, pricing.rates.get(currency) ?? settingFor(pricing, currency), pricing.base);
  const day = sql<string>`to_char(${orders.placedAt} at time zone 'UTC', 'YYYY-MM-DD')`;

  const [perDay, refundRows, top, perChannel, [toShip], [refundRequests], [pendingReviews]] =
    await Promise.all([
      db
        .select({ day, currency: orders.currency, orders: count(), sales: sql<string>`sum(${orders.total})` })
        .from(orders)
        .where(and(gte(orders.placedAt, from), notInArray(orders.status, unpaid)))
        .groupBy(day, orders.currency),
      db
        .select({
          day: sql<string>`to_char(${refunds.completedAt} at time zone 'UTC', 'YYYY-MM-DD')`,
          currency: refunds.currency,
          amount: sql<string>`sum(${refunds.amount})`,
        })
        .from(refunds)
        .where(and(eq(refunds.status, 'succeeded'), gte(refunds.completedAt, from)))
        .groupBy(sql`1`, refunds.currency),
      db
        .select({
          productId: orderLines.productId,
          title: sql<LocalizedText>`(array_agg(${orderLines.title}))[1]`,
          units: sql<string>`sum(${orderLines.quantity})`,
        })
        .from(orderLines)
        .innerJoin(orders, eq(orders.id, orderLines.orderId))
        .where(and(gte(orders.placedAt, since), notInArray(orders.status, unpaid)))
        .groupBy(orderLines.productId)
        .orderBy(desc(sql`sum(${orderLines.quantity})`))
        .limit(5),
      db
        .select({
          channel: orders.channel,
          shopId: orders.shopId,
          currency: orders.currency,
          orders: count(),
          sales: sql<string>`sum(${orders.total})`,
        })
        .from(orders)
        .where(and(gte(orders.placedAt, since), notInArray(orders.status, unpaid)))
        .groupBy(orders.channel, orders.shopId, orders.currency),
      db
        .select({ n: count() })
        .from(orders)
        .where(inArray(orders.status, ['paid', 'processing', 'partially_shipped'])),
      db.select({ n: count() }).from(orders).where(eq(orders.status, 'refund_requested')),
      db.select({ n: count() }).from(reviews).where(eq(reviews.status, 'pending')),
    ]);

  const key = (d: Date) => d.toISOString().slice(0, 10);
  const days = Array.from({ length: 30 }, (_, i) => key(new Date(since.getTime() + i * DAY)));
  const series = new Map(days.map((d) => [d, { orders: 0, sales: 0 }]));
  const period = (fromDay: string) => {
    let ordersIn = 0;
    let sales = 0;
    for (const r of perDay) {
      if (r.day < fromDay) continue;
      ordersIn += Number(r.orders);
      sales += toBase(Number(r.sales), r.currency);
    }
    const refunded = refundRows
      .filter((r) => r.day >= fromDay)
      .reduce((s, r) => s + toBase(Number(r.amount), r.currency), 0);
    return {
      orders: ordersIn,
      sales: money(sales, pricing.base),
      averageOrder: money(ordersIn ? Math.round(sales / ordersIn) : 0, pricing.base),
      refunds: money(refunded, pricing.base),
    };
  };
  for (const r of perDay) {
    const point = series.get(r.day);
    if (!point) continue;
    point.orders += Number(r.orders);
    point.sales += toBase(Number(r.sales), r.currency);
  }
  const names = await shopNames(db, [...new Set(perChannel.flatMap((r) => (r.shopId ? [r.shopId] : [])))]);
  const channels = new Map<
    string,
    { channel: string; shopId: string | null; shop: string | null; orders: number; sales: number }
  >();
  for (const r of perChannel) {
    const id = r.shopId ?? r.channel;
    const entry = channels.get(id) ?? {
      channel: r.channel,
      shopId: r.shopId,
      shop: r.shopId ? (names.get(r.shopId) ?? null) : null,
      orders: 0,
      sales: 0,
    };
    entry.orders += Number(r.orders);
    entry.sales += toBase(Number(r.sales), r.currency);
    channels.set(id, entry);
  }
  return {
    currency: pricing.base,
    today: period(key(today)),
    month: period(key(month)),
    daily: days.map((d) => ({
      day: d,
      orders: series.get(d)!.orders,
      sales: money(series.get(d)!.sales, pricing.base),
    })),
    /** The last 30 days by where they were sold: the storefront, then each shop, by sales. */
    byChannel: [...channels.values()]
      .sort((a, b) => b.sales - a.sales)
      .map((c) => ({ ...c, sales: money(c.sales, pricing.base) })),
    topProducts: top.map((p) => ({
      productId: p.productId,
      title: localize(p.title, 'en'),
      units: Number(p.units),
    })),
    awaiting: {
      toShip: toShip?.n ?? 0,
      refundRequests: refundRequests?.n ?? 0,
      reviews: pendingReviews?.n ?? 0,
    },
    at: now,
  };
}
