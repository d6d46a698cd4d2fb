// Purchasing contracts and rules: suppliers and their prices per SKU with quantity breaks, and
// purchase orders from draft to closed. A purchase order is in its supplier's currency, at the
// rate of the day it was approved (frozen on it); goods are received against its lines, up to
// what was ordered plus the store's over-receipt tolerance; its freight and duties are spread
// over its lines by value into what each unit cost to land.
import { z } from 'zod';
import { DomainError } from './errors';
import { say } from './messages';
import { pageInput } from './pagination';
import { safeString } from './text';

export const purchaseOrderStatuses = [
  'draft',
  'approved',
  'sent',
  'partially_received',
  'received',
  'closed',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

/** What staff do to a purchase order by hand; receiving moves it by itself. */
export const purchaseOrderTransitions = {
  approve: { from: ['draft'], to: 'approved' },
  send: { from: ['approved'], to: 'sent' },
  /** Nothing received yet: the order is called off. */
  cancel: { from: ['draft', 'approved', 'sent'], to: 'cancelled' },
  /** Done with it: all received, or the rest will not come (short-closed). */
  close: { from: ['partially_received', 'received'], to: 'closed' },
} as const satisfies Record<string, { from: readonly PurchaseOrderStatus[]; to: PurchaseOrderStatus }>;
export type PurchaseOrderAction = keyof typeof purchaseOrderTransitions;

const statusWords: Record<PurchaseOrderStatus, string> = {
  draft: 'a draft',
  approved: 'approved',
  sent: 'sent',
  partially_received: 'partly received',
  received: 'received',
  closed: 'closed',
  cancelled: 'cancelled',
};

const pastTense: Record<PurchaseOrderAction, string> = {
  approve: 'approved',
  send: 'sent',
  cancel: 'cancelled',
  close: 'closed',
};

/** The status after `action`, or PO_TRANSITION_NOT_ALLOWED saying why not. */
export function nextPurchaseOrderStatus(
  status: PurchaseOrderStatus,
  action: PurchaseOrderAction,
): PurchaseOrderStatus {
  const rule = purchaseOrderTransitions[action];
  if (!(rule.from as readonly PurchaseOrderStatus[]).includes(status)) {
    throw new DomainError(
      'PO_TRANSITION_NOT_ALLOWED',
      `A purchase order that is ${statusWords[status]} cannot be ${pastTense[action]}`,
      { action, status },
    );
  }
  return rule.to;
}

/** What a purchase order can be received from: sent (or approved and handed over), or partly received. */
export const receivableStatuses: readonly PurchaseOrderStatus[] = ['approved', 'sent', 'partially_received'];

/** After a receipt: received when every line has what was ordered, else partly. */
export function statusAfterReceipt(
  lines: readonly { ordered: number; received: number }[],
): PurchaseOrderStatus {
  return lines.every((l) => l.received >= l.ordered) ? 'received' : 'partially_received';
}

/** The most of a line that may still be received: what was ordered plus the tolerance, less what came. */
export function receivableQuantity(
  line: { ordered: number; received: number },
  tolerancePercent: number,
): number {
  return Math.max(0, Math.floor((line.ordered * (100 + tolerancePercent)) / 100) - line.received);
}

/** Whether approving a purchase order of this value (base minor units) needs the approve permission. */
export const needsApproval = (totalInBase: number, threshold: number): boolean => totalInBase > threshold;

/** A supplier's price for a quantity: the break with the largest minimum the quantity reaches. */
export function supplierPriceFor(
  breaks: readonly { minQuantity: number; unitPrice: number }[],
  quantity: number,
): number | null {
  let best: { minQuantity: number; unitPrice: number } | null = null;
  for (const b of breaks)
    if (b.minQuantity <= quantity && (!best || b.minQuantity > best.minQuantity)) best = b;
  return best?.unitPrice ?? null;
}

/** A purchase order's goods, freight, duties and total, in its currency's minor units. */
export function purchaseOrderTotals(order: {
  lines: readonly { quantity: number; unitPrice: number }[];
  freight: number;
  duties: number;
}) {
  const goods = order.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  return { goods, freight: order.freight, duties: order.duties, total: goods + order.freight + order.duties };
}

const currencyCode = safeString()
  .trim()
  .regex(/^[A-Z]{3}$/, say('channel.currency'));
const minor = z.number().int().min(0).max(1_000_000_000_000);

export const createSupplierInput = z.strictObject({
  code: safeString()
    .trim()
    .regex(/^[A-Z0-9-]{2,20}$/, say('code.warehouse')),
  name: safeString().trim().min(1).max(160),
  contactName: safeString().trim().max(120).nullable().default(null),
  email: z.email().max(254).nullable().default(null),
  phone: safeString().trim().max(40).nullable().default(null),
  country: safeString()
    .trim()
    .regex(/^[A-Z]{2}$/, say('country.iso')),
  currency: currencyCode,
  /** Days after the invoice it is paid. */
  paymentTermsDays: z.number().int().min(0).max(365).default(30),
  /** Days from order to goods in the warehouse. */
  leadTimeDays: z.number().int().min(0).max(365).default(14),
  /** The least one order may be worth, in the supplier's currency's minor units. */
  minimumOrder: minor.default(0),
  notes: safeString().trim().max(2000).nullable().default(null),
});
export type CreateSupplierInput = z.infer<typeof createSupplierInput>;

export const updateSupplierInput = createSupplierInput.partial().extend({ id: z.uuid() });

export const supplierListInput = z.strictObject({
  ...pageInput,
  search: safeString().trim().max(100).optional(),
});

/** A supplier's price breaks for one SKU, replacing what it had. */
export const setSupplierPricesInput = z.strictObject({
  supplierId: z.uuid(),
  skuId: z.uuid(),
  supplierSku: safeString().trim().max(60).nullable().default(null),
  breaks: z
    .array(z.strictObject({ minQuantity: z.number().int().min(1).max(1_000_000), unitPrice: minor }))
    .max(20)
    .refine((b) => new Set(b.map((x) => x.minQuantity)).size === b.length, say('supplier.breaksDistinct')),
});

const purchaseOrderLine = z.strictObject({
  skuId: z.uuid(),
  quantity: z.number().int().min(1).max(1_000_000),
  /** In the supplier's currency; the supplier's price for the quantity when left out. */
  unitPrice: minor.optional(),
});

export const createPurchaseOrderInput = z.strictObject({
  supplierId: z.uuid(),
  warehouseId: z.uuid(),
  expectedAt: z.coerce.date().nullable().default(null),
  lines: z
    .array(purchaseOrderLine)
    .min(1)
    .max(500)
    .refine((l) => new Set(l.map((x) => x.skuId)).size === l.length, say('purchase.linesDistinct')),
  freight: minor.default(0),
  duties: minor.default(0),
  notes: safeString().trim().max(2000).nullable().default(null),
});
export type CreatePurchaseOrderInput = z.infer<typeof createPurchaseOrderInput>;

/** A draft's lines and charges, replaced whole. */
export const updatePurchaseOrderInput = createPurchaseOrderInput
  .omit({ supplierId: true })
  .extend({ id: z.uuid() });

export const purchaseOrderListInput = z.strictObject({
  ...pageInput,
  supplierId: z.uuid().optional(),
  status: z.enum(purchaseOrderStatuses).optional(),
});

export const purchaseOrderActionInput = z.strictObject({
  id: z.uuid(),
  action: z.enum(['approve', 'send', 'cancel', 'close']),
  note: safeString().trim().max(500).optional(),
});

/** A goods received note: what came of which lines. */
export const receiveGoodsInput = z.strictObject({
  purchaseOrderId: z.uuid(),
  lines: z
    .array(z.strictObject({ lineId: z.uuid(), quantity: z.number().int().min(1).max(1_000_000) }))
    .min(1)
    .max(500)
    .refine((l) => new Set(l.map((x) => x.lineId)).size === l.length, say('purchase.linesDistinct')),
  note: safeString().trim().max(500).optional(),
});
export type ReceiveGoodsInput = z.infer<typeof receiveGoodsInput>;

/** A purchasing document's number: PO-2026-000123, GRN-2026-000045. */
export function purchasingNumber(prefix: 'PO' | 'GRN', at: Date, sequence: number): string {
  return `${prefix}-${at.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`;
}
