// Inventory: warehouses, the stock level of each SKU in each warehouse, and the append-only
// movement ledger. The database holds the invariants: stock is never negative, reservations
// never exceed what is on hand, and each level is the sum of its movements (checked by tests).
import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { skus } from './catalog';
import { at, createdAt, id, money, updatedAt } from './columns';
import { users } from './identity';

export const warehouses = pgTable(
  'warehouses',
  {
    id: id(),
    code: text().notNull(),
    name: text().notNull(),
    country: text().notNull(),
    kind: text({ enum: ['own', 'third_party', 'marketplace', 'overseas'] }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('warehouses_code_key').on(t.code),
    check('warehouses_kind_check', sql`${t.kind} in ('own', 'third_party', 'marketplace', 'overseas')`),
    check('warehouses_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

export const stockLevels = pgTable(
  'stock_levels',
  {
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'restrict' }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    lowStockThreshold: integer().notNull().default(5),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.skuId, t.warehouseId] }),
    index('stock_levels_warehouse_idx').on(t.warehouseId),
    check('stock_levels_on_hand_check', sql`${t.onHand} >= 0`),
    check('stock_levels_reserved_check', sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
    check('stock_levels_threshold_check', sql`${t.lowStockThreshold} >= 0`),
  ],
);

/** Append-only: every change to a stock level, with why, what caused it and who. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: id(),
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'restrict' }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    onHandDelta: integer().notNull(),
    reservedDelta: integer().notNull().default(0),
    reason: text().notNull(),
    /** What caused it: an order number, a purchase order, an adjustment note. */
    reference: text(),
    /**
     * What one unit of an on-hand change cost, in the base currency's minor units (four
     * decimals): a receipt's landed cost, or the average when stock left. Null before costing.
     */
    unitCost: numeric({ precision: 18, scale: 4, mode: 'number' }),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('stock_movements_sku_idx').on(t.skuId, t.warehouseId, t.createdAt),
    index('stock_movements_created_idx').on(t.createdAt, t.id),
    check('stock_movements_nonzero_check', sql`${t.onHandDelta} <> 0 or ${t.reservedDelta} <> 0`),
    check(
      'stock_movements_reason_check',
      sql`${t.reason} in ('opening', 'count_correction', 'damaged', 'lost', 'found', 'returned', 'received', 'shipped', 'reserved', 'released', 'transfer_out', 'transfer_in')`,
    ),
  ],
);

/**
 * Each SKU's moving weighted average cost, company-wide, in the base currency's minor units (four
 * decimals), with the quantity it averages over (on hand in every warehouse). Re-averaged by every
 * receipt at its landed cost; stock that leaves takes the average of the moment.
 */
export const skuCosts = pgTable(
  'sku_costs',
  {
    skuId: uuid()
      .primaryKey()
      .references(() => skus.id, { onDelete: 'cascade' }),
    quantity: integer().notNull().default(0),
    /** Null until the first receipt at a known cost (stock counted in before costing began). */
    unitCost: numeric({ precision: 18, scale: 4, mode: 'number' }),
    updatedAt: updatedAt(),
  },
  (t) => [check('sku_costs_check', sql`${t.quantity} >= 0 and ${t.unitCost} >= 0`)],
);

export const transferNumberSeq = pgSequence('transfer_number_seq', { startWith: 1 });

/**
 * Stock moving between two warehouses: drafted, shipped (it leaves the source; in transit),
 * received at the destination in deliveries, or cancelled as a draft. Its freight and duties
 * (head-haul, base currency) are spread over its units on `basis` into their cost.
 */
export const stockTransfers = pgTable(
  'stock_transfers',
  {
    id: id(),
    number: text().notNull(),
    fromWarehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    toWarehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    status: text({ enum: ['draft', 'in_transit', 'partially_received', 'received', 'cancelled'] })
      .notNull()
      .default('draft'),
    freight: money().notNull().default(0),
    duties: money().notNull().default(0),
    basis: text({ enum: ['weight', 'volume', 'value', 'quantity'] })
      .notNull()
      .default('weight'),
    notes: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    shippedAt: at(),
    receivedAt: at(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('stock_transfers_number_key').on(t.number),
    index('stock_transfers_status_idx').on(t.status, t.createdAt),
    check('stock_transfers_warehouses_check', sql`${t.fromWarehouseId} <> ${t.toWarehouseId}`),
    check(
      'stock_transfers_status_check',
      sql`${t.status} in ('draft', 'in_transit', 'partially_received', 'received', 'cancelled')`,
    ),
    check('stock_transfers_basis_check', sql`${t.basis} in ('weight', 'volume', 'value', 'quantity')`),
    check('stock_transfers_amounts_check', sql`${t.freight} >= 0 and ${t.duties} >= 0`),
  ],
);

export const stockTransferLines = pgTable(
  'stock_transfer_lines',
  {
    id: id(),
    transferId: uuid()
      .notNull()
      .references(() => stockTransfers.id, { onDelete: 'cascade' }),
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'restrict' }),
    position: integer().notNull(),
    quantity: integer().notNull(),
    /** Set when it ships: what left, what one unit cost then, and its share of the head-haul per unit. */
    shipped: integer().notNull().default(0),
    unitCost: numeric({ precision: 18, scale: 4, mode: 'number' }),
    landedPerUnit: numeric({ precision: 18, scale: 4, mode: 'number' }).notNull().default(0),
    received: integer().notNull().default(0),
    /** Written off on arrival (lost, damaged on the way), with why. */
    missing: integer().notNull().default(0),
    discrepancyNote: text(),
  },
  (t) => [
    uniqueIndex('stock_transfer_lines_sku_key').on(t.transferId, t.skuId),
    index('stock_transfer_lines_sku_idx').on(t.skuId),
    check(
      'stock_transfer_lines_check',
      sql`${t.quantity} >= 1 and ${t.shipped} between 0 and ${t.quantity}
        and ${t.received} >= 0 and ${t.missing} >= 0 and ${t.received} + ${t.missing} <= ${t.shipped}`,
    ),
  ],
);

export const countNumberSeq = pgSequence('count_number_seq', { startWith: 1 });

/** A stock count of a warehouse (or some of its SKUs): counting, then posted once, or cancelled. */
export const stockCounts = pgTable(
  'stock_counts',
  {
    id: id(),
    number: text().notNull(),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    status: text({ enum: ['counting', 'posted', 'cancelled'] })
      .notNull()
      .default('counting'),
    /** Whole warehouse, or only the SKUs listed when it started. */
    wholeWarehouse: boolean().notNull(),
    note: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    postedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    postedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('stock_counts_number_key').on(t.number),
    index('stock_counts_status_idx').on(t.status, t.createdAt),
    check('stock_counts_status_check', sql`${t.status} in ('counting', 'posted', 'cancelled')`),
    check('stock_counts_posted_check', sql`(${t.status} = 'posted') = (${t.postedAt} is not null)`),
  ],
);

/** What the books expected of a SKU when the count started, and what was counted (null: not yet). */
export const stockCountLines = pgTable(
  'stock_count_lines',
  {
    countId: uuid()
      .notNull()
      .references(() => stockCounts.id, { onDelete: 'cascade' }),
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'restrict' }),
    expected: integer().notNull(),
    counted: integer(),
    countedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    countedAt: at(),
  },
  (t) => [
    primaryKey({ columns: [t.countId, t.skuId] }),
    check('stock_count_lines_check', sql`${t.expected} >= 0 and coalesce(${t.counted}, 0) >= 0`),
  ],
);
