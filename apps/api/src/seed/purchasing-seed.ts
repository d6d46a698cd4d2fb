// The demo business's buying: three suppliers (two in China invoicing in yuan, one in Portugal in
// euros) with their prices and quantity breaks for the SKUs they make, and four months of
// purchase orders played through the purchasing use cases on a clock of their own — most
// received and closed, one partly received, one on its way, one still a draft — so the screens,
// the stock and each SKU's moving average cost have a true history behind them.
import { findUserByEmail } from '@crossdock/db/factories';
import { purchaseOrders, skus, suppliers, warehouses } from '@crossdock/db/schema';
import { staffEmail } from '@crossdock/db/seed';
import {
  type CreateSupplierInput,
  createPurchaseOrderInput,
  createSupplierInput,
} from '@crossdock/domain/purchasing';
import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppDeps } from '../deps';
import type { Actor } from '../modules/identity/audit';
import {
  actOnPurchaseOrder,
  createPurchaseOrder,
  receiveGoods,
} from '../modules/purchasing/purchase-orders.service';
import { createSupplier, setSupplierPrices } from '../modules/purchasing/suppliers.service';
import { random } from './random';

const DAY = 86_400_000;

const demoSuppliers: (z.input<typeof createSupplierInput> & {
  rate: number;
  share: [number, number];
})[] = [
  {
    code: 'JDZ-CERAMICS',
    name: 'Jingdezhen Ceramics Co.',
    contactName: 'Wang Li',
    email: 'sales@jdz-ceramics.example',
    country: 'CN',
    currency: 'CNY',
    paymentTermsDays: 30,
    leadTimeDays: 35,
    minimumOrder: 200_000,
    rate: 7.2,
    share: [0, 3],
  },
  {
    code: 'SZ-MAKERS',
    name: 'Shenzhen Makers Ltd.',
    contactName: 'Chen Jie',
    email: 'orders@szmakers.example',
    country: 'CN',
    currency: 'CNY',
    paymentTermsDays: 15,
    leadTimeDays: 21,
    minimumOrder: 150_000,
    rate: 7.2,
    share: [1, 3],
  },
  {
    code: 'PORTO-TEXTIL',
    name: 'Porto Têxteis Lda.',
    contactName: 'Ana Sousa',
    email: 'encomendas@porto-texteis.example',
    country: 'PT',
    currency: 'EUR',
    paymentTermsDays: 45,
    leadTimeDays: 28,
    minimumOrder: 30_000,
    rate: 0.92,
    share: [2, 3],
  },
];

/** The demo's purchase orders, oldest first: how many days ago each was made, and how far it got. */
const plan: { daysAgo: number; supplier: number; fate: 'closed' | 'partly' | 'sent' | 'draft' }[] = [
  { daysAgo: 120, supplier: 0, fate: 'closed' },
  { daysAgo: 105, supplier: 1, fate: 'closed' },
  { daysAgo: 90, supplier: 2, fate: 'closed' },
  { daysAgo: 70, supplier: 0, fate: 'closed' },
  { daysAgo: 55, supplier: 1, fate: 'closed' },
  { daysAgo: 40, supplier: 2, fate: 'closed' },
  { daysAgo: 30, supplier: 0, fate: 'partly' },
  { daysAgo: 12, supplier: 1, fate: 'sent' },
  { daysAgo: 2, supplier: 2, fate: 'draft' },
];

export async function seedPurchasing(
  deps: AppDeps,
  now = new Date(),
): Promise<{ created: boolean; orders: number }> {
  const [existing] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(suppliers);
  if (existing!.n > 0) {
    const [orders] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(purchaseOrders);
    return { created: false, orders: orders!.n };
  }
  const admin = await findUserByEmail(deps.db, staffEmail('Administrator'));
  if (!admin) throw new Error('seed the demo accounts first');
  const [main] = await deps.db.select().from(warehouses).where(eq(warehouses.code, 'SZX-1'));
  if (!main) throw new Error('seed the catalog first (warehouse SZX-1)');
  const rng = random(14);
  // Each step happens on its day: the use cases read the time from the clock they are given.
  const on = (at: Date) => ({
    deps: { ...deps, clock: { now: () => at } },
    actor: { id: admin.id, ip: null, requestId: null, at } as Actor,
  });
  const catalog = await deps.db
    .select({ id: skus.id, code: skus.code, basePrice: skus.basePrice })
    .from(skus)
    .orderBy(asc(skus.code));
  const made = new Map<number, { id: string; skus: typeof catalog }>();
  const start = new Date(now.getTime() - 130 * DAY);
  for (const [index, s] of demoSuppliers.entries()) {
    const { rate, share, ...input } = s;
    const { deps: d, actor } = on(start);
    const supplier = await createSupplier(d, actor, createSupplierInput.parse(input) as CreateSupplierInput);
    // Every third SKU of the catalog, from the supplier's own offset: each SKU has one maker.
    const theirs = catalog.filter((_sku, i) => i % share[1] === share[0]).slice(0, 40);
    for (const sku of theirs) {
      // Their price: about 40 % of ours, in their currency, less for quantity.
      const unit = Math.max(
        100,
        Math.round((sku.basePrice ?? 2_000) * 0.4 * rate * (0.9 + rng.next() * 0.2)),
      );
      await setSupplierPrices(d, actor, {
        supplierId: supplier.id,
        skuId: sku.id,
        supplierSku: `${input.code.slice(0, 3)}-${sku.code.slice(2, 6)}`,
        breaks: [
          { minQuantity: 1, unitPrice: unit },
          { minQuantity: 50, unitPrice: Math.round(unit * 0.94) },
          { minQuantity: 200, unitPrice: Math.round(unit * 0.88) },
        ],
      });
    }
    made.set(index, { id: supplier.id, skus: theirs });
  }

  for (const step of plan) {
    const supplier = made.get(step.supplier)!;
    const created = new Date(now.getTime() - step.daysAgo * DAY);
    const lines = rng
      .sample(supplier.skus, 4 + rng.int(0, 4))
      .map((sku) => ({ skuId: sku.id, quantity: [30, 60, 100, 200][rng.int(0, 3)]! }));
    const goods = demoSuppliers[step.supplier]!.currency === 'EUR' ? 1 : 7;
    const order = await createPurchaseOrder(
      on(created).deps,
      on(created).actor,
      createPurchaseOrderInput.parse({
        supplierId: supplier.id,
        warehouseId: main.id,
        lines,
        // Sea freight and duties for the lot, in the supplier's currency.
        freight: goods * rng.int(40_000, 90_000),
        duties: goods * rng.int(10_000, 30_000),
        notes: step.fate === 'draft' ? 'Waiting for the autumn colours' : null,
      }),
    );
    if (step.fate === 'draft') continue;
    const approved = on(new Date(created.getTime() + DAY));
    await actOnPurchaseOrder(
      approved.deps,
      { ...approved.actor, mayApprove: true },
      { id: order.id, action: 'approve' },
    );
    const sent = on(new Date(created.getTime() + DAY + 3_600_000));
    await actOnPurchaseOrder(
      sent.deps,
      { ...sent.actor, mayApprove: true },
      { id: order.id, action: 'send' },
    );
    if (step.fate === 'sent') continue;
    const lead = demoSuppliers[step.supplier]!.leadTimeDays!;
    // The first delivery brings most of it; the rest comes a week on (or not yet).
    const first = on(new Date(created.getTime() + lead * DAY));
    await receiveGoods(first.deps, first.actor, {
      purchaseOrderId: order.id,
      lines: order.lines.map((l) => ({ lineId: l.id, quantity: Math.ceil(l.quantity * 0.7) })),
      note: 'Container 1 of 2',
    });
    if (step.fate === 'partly') continue;
    const second = on(new Date(created.getTime() + (lead + 7) * DAY));
    await receiveGoods(second.deps, second.actor, {
      purchaseOrderId: order.id,
      lines: order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity - Math.ceil(l.quantity * 0.7) })),
      note: 'Container 2 of 2',
    });
    const closed = on(new Date(created.getTime() + (lead + 8) * DAY));
    await actOnPurchaseOrder(
      closed.deps,
      { ...closed.actor, mayApprove: true },
      { id: order.id, action: 'close' },
    );
  }
  return { created: true, orders: plan.length };
}
