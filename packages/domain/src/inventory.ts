// Inventory contracts and rules: warehouses, stock levels per SKU and warehouse, and the
// reasons a stock level may change. Every change is also a row in the movement ledger.
import { z } from 'zod';
import { say } from './messages';
import { pageInput } from './pagination';
import { safeString } from './text';

export const warehouseKinds = ['own', 'third_party', 'marketplace', 'overseas'] as const;
export type WarehouseKind = (typeof warehouseKinds)[number];

/** Why staff may change stock by hand; each adjustment must say which. */
export const adjustmentReasons = [
  'opening',
  'count_correction',
  'damaged',
  'lost',
  'found',
  'returned',
] as const;

/** Why stock moved: a staff adjustment, or what receiving, shipping and reserving do. */
export const movementReasons = [
  ...adjustmentReasons,
  'received',
  'shipped',
  'reserved',
  'released',
  'transfer_out',
  'transfer_in',
] as const;
export type MovementReason = (typeof movementReasons)[number];

export const LOW_STOCK_DEFAULT = 5;

export const createWarehouseInput = z.strictObject({
  code: safeString()
    .trim()
    .regex(/^[A-Z0-9-]{2,20}$/, say('code.warehouse')),
  name: safeString().trim().min(1).max(120),
  country: safeString()
    .trim()
    .regex(/^[A-Z]{2}$/, say('country.iso')),
  kind: z.enum(warehouseKinds),
});

export const adjustStockInput = z.strictObject({
  skuId: z.uuid(),
  warehouseId: z.uuid(),
  /** Change to on-hand stock: positive adds, negative removes. Never zero. */
  quantity: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((q) => q !== 0, say('stock.notZero')),
  reason: z.enum(adjustmentReasons),
  note: safeString().trim().max(500).optional(),
});

export const stockLevelsInput = z.strictObject({ skuId: z.uuid() });

export const movementListInput = z.strictObject({
  ...pageInput,
  skuId: z.uuid().optional(),
  warehouseId: z.uuid().optional(),
});

/** The stock overview's filters: a page of SKUs by code, each with its warehouses. */
export const stockOverviewInput = z.strictObject({
  limit: z.number().int().min(1).max(200).default(50),
  /** The last SKU code of the page before. */
  cursor: safeString().max(100).optional(),
  search: safeString().trim().max(100).optional(),
  warehouseId: z.uuid().optional(),
  categoryId: z.uuid().optional(),
  brandId: z.uuid().optional(),
  supplierId: z.uuid().optional(),
  /** low: some left, at or under its threshold; out: none available. */
  state: z.enum(['low', 'out']).optional(),
});
export type StockOverviewInput = z.infer<typeof stockOverviewInput>;
