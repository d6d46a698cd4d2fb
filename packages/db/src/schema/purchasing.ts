// Purchasing: suppliers, their prices per SKU (with quantity breaks), purchase orders and the
// goods received against them. The purchasing module is these tables' only writer; stock and its
// cost move through the inventory module when goods are received.
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { currencies, skus } from './catalog';
import { at, createdAt, id, money, updatedAt } from './columns';
import { users } from './identity';
import { warehouses } from './inventory';

/** Purchase order and goods received note numbers count on, year by year in their text. */
export const purchaseOrderNumberSeq = pgSequence('purchase_order_number_seq', { startWith: 1 });
export const goodsReceiptNumberSeq = pgSequence('goods_receipt_number_seq', { startWith: 1 });

export const suppliers = pgTable(
  'suppliers',
  {
    id: id(),
    code: text().notNull(),
    name: text().notNull(),
    contactName: text(),
    email: text(),
    phone: text(),
    country: text().notNull(),
    /** What it invoices in: a currency the store has a rate for. */
    currency: text()
      .notNull()
      .references(() => currencies.code, { onDelete: 'restrict' }),
    paymentTermsDays: integer().notNull().default(30),
    leadTimeDays: integer().notNull().default(14),
    /** The least one order may be worth, in its currency's minor units. */
    minimumOrder: money().notNull().default(0),
    notes: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('suppliers_code_key').on(t.code),
    index('suppliers_name_idx').on(t.name, t.id),
    check('suppliers_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check(
      'suppliers_terms_check',
      sql`${t.paymentTermsDays} between 0 and 365 and ${t.leadTimeDays} between 0 and 365 and ${t.minimumOrder} >= 0`,
    ),
  ],
);

/** A supplier's price for a SKU from a quantity on (one row per break), in the supplier's currency. */
export const supplierPrices = pgTable(
  'supplier_prices',
  {
    supplierId: uuid()
      .notNull()
      .references(() => suppliers.id, { onDelete: 'cascade' }),
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'cascade' }),
    minQuantity: integer().notNull(),
    unitPrice: money().notNull(),
    /** The supplier's own code for it, for the purchase order. */
    supplierSku: text(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.supplierId, t.skuId, t.minQuantity] }),
    index('supplier_prices_sku_idx').on(t.skuId),
    check('supplier_prices_check', sql`${t.minQuantity} >= 1 and ${t.unitPrice} >= 0`),
  ],
);

export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    id: id(),
    /** PO-2026-000123. */
    number: text().notNull(),
    supplierId: uuid()
      .notNull()
      .references(() => suppliers.id, { onDelete: 'restrict' }),
    /** Where the goods are delivered. */
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    status: text({
      enum: ['draft', 'approved', 'sent', 'partially_received', 'received', 'closed', 'cancelled'],
    })
      .notNull()
      .default('draft'),
    currency: text()
      .notNull()
      .references(() => currencies.code, { onDelete: 'restrict' }),
    /** Units of its currency per one of the base currency, the day it was approved (until then, today's). */
    rate: numeric({ precision: 20, scale: 10 }).notNull(),
    /** Minor units of its currency. */
    goodsTotal: money().notNull().default(0),
    freight: money().notNull().default(0),
    duties: money().notNull().default(0),
    expectedAt: at(),
    notes: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    approvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    approvedAt: at(),
    sentAt: at(),
    closedAt: at(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('purchase_orders_number_key').on(t.number),
    index('purchase_orders_supplier_idx').on(t.supplierId, t.createdAt),
    index('purchase_orders_status_idx').on(t.status, t.createdAt),
    check(
      'purchase_orders_status_check',
      sql`${t.status} in ('draft', 'approved', 'sent', 'partially_received', 'received', 'closed', 'cancelled')`,
    ),
    check(
      'purchase_orders_amounts_check',
      sql`${t.rate} > 0 and ${t.goodsTotal} >= 0 and ${t.freight} >= 0 and ${t.duties} >= 0`,
    ),
    check(
      'purchase_orders_approved_check',
      sql`${t.status} in ('draft', 'cancelled') or ${t.approvedAt} is not null`,
    ),
  ],
);

export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    id: id(),
    purchaseOrderId: uuid()
      .notNull()
      .references(() => purchaseOrders.id, { onDelete: 'cascade' }),
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'restrict' }),
    position: integer().notNull(),
    quantity: integer().notNull(),
    /** Minor units of the order's currency. */
    unitPrice: money().notNull(),
    /** What freight and duties add to one unit (its share by value), minor units, four decimals. */
    landedPerUnit: numeric({ precision: 18, scale: 4, mode: 'number' }).notNull().default(0),
    received: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex('purchase_order_lines_sku_key').on(t.purchaseOrderId, t.skuId),
    index('purchase_order_lines_sku_idx').on(t.skuId),
    check(
      'purchase_order_lines_check',
      sql`${t.quantity} >= 1 and ${t.unitPrice} >= 0 and ${t.received} >= 0 and ${t.landedPerUnit} >= 0`,
    ),
  ],
);

/** A goods received note: one delivery against a purchase order. */
export const goodsReceipts = pgTable(
  'goods_receipts',
  {
    id: id(),
    /** GRN-2026-000045. */
    number: text().notNull(),
    purchaseOrderId: uuid()
      .notNull()
      .references(() => purchaseOrders.id, { onDelete: 'restrict' }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    note: text(),
    receivedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    receivedAt: at().notNull(),
  },
  (t) => [
    uniqueIndex('goods_receipts_number_key').on(t.number),
    index('goods_receipts_order_idx').on(t.purchaseOrderId, t.receivedAt),
  ],
);

export const goodsReceiptLines = pgTable(
  'goods_receipt_lines',
  {
    receiptId: uuid()
      .notNull()
      .references(() => goodsReceipts.id, { onDelete: 'cascade' }),
    purchaseOrderLineId: uuid()
      .notNull()
      .references(() => purchaseOrderLines.id, { onDelete: 'restrict' }),
    quantity: integer().notNull(),
    /** What one unit cost landed, in the base currency (minor units, four decimals). */
    unitCost: numeric({ precision: 18, scale: 4, mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.receiptId, t.purchaseOrderLineId] }),
    check('goods_receipt_lines_check', sql`${t.quantity} >= 1 and ${t.unitCost} >= 0`),
  ],
);
