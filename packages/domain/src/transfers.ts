// Stock transfers between warehouses: drafted, shipped (the stock leaves the source and is in
// transit), received at the destination in one or more deliveries (what did not arrive is a
// discrepancy, recorded with why), or cancelled while a draft. The transfer's freight and duties
// (head-haul) are spread over its units by weight, volume, value or count into what they cost.
import { z } from 'zod';
import { landedCostBases } from './costing';
import { DomainError } from './errors';
import { say } from './messages';
import { pageInput } from './pagination';
import { safeString } from './text';

export const transferStatuses = [
  'draft',
  'in_transit',
  'partially_received',
  'received',
  'cancelled',
] as const;
export type TransferStatus = (typeof transferStatuses)[number];

const words: Record<TransferStatus, string> = {
  draft: 'a draft',
  in_transit: 'in transit',
  partially_received: 'partly received',
  received: 'received',
  cancelled: 'cancelled',
};

/** Whether a transfer in `status` can be shipped, received against or cancelled. */
export function transferAllows(status: TransferStatus, action: 'ship' | 'receive' | 'cancel'): boolean {
  return action === 'receive'
    ? status === 'in_transit' || status === 'partially_received'
    : status === 'draft';
}

/** TRANSFER_TRANSITION_NOT_ALLOWED, saying why, unless the transfer allows `action`. */
export function checkTransferAction(status: TransferStatus, action: 'ship' | 'receive' | 'cancel'): void {
  if (!transferAllows(status, action)) {
    const verb = { ship: 'shipped', receive: 'received', cancel: 'cancelled' }[action];
    throw new DomainError(
      'TRANSFER_TRANSITION_NOT_ALLOWED',
      `A transfer that is ${words[status]} cannot be ${verb}`,
      {
        action,
        status,
      },
    );
  }
}

/**
 * After a delivery: received when every line is accounted for — arrived, or written off as a
 * discrepancy — else partly.
 */
export function transferStatusAfterReceipt(
  lines: readonly { shipped: number; received: number; missing: number }[],
): TransferStatus {
  return lines.every((l) => l.received + l.missing >= l.shipped) ? 'received' : 'partially_received';
}

/** What is still on its way of a line: shipped, less what arrived or was written off. */
export const stillInTransit = (line: { shipped: number; received: number; missing: number }) =>
  Math.max(0, line.shipped - line.received - line.missing);

const minor = z.number().int().min(0).max(1_000_000_000_000);

export const createTransferInput = z
  .strictObject({
    fromWarehouseId: z.uuid(),
    toWarehouseId: z.uuid(),
    lines: z
      .array(z.strictObject({ skuId: z.uuid(), quantity: z.number().int().min(1).max(1_000_000) }))
      .min(1)
      .max(500)
      .refine((l) => new Set(l.map((x) => x.skuId)).size === l.length, say('purchase.linesDistinct')),
    /** Head-haul, in the base currency's minor units. */
    freight: minor.default(0),
    duties: minor.default(0),
    basis: z.enum(landedCostBases).default('weight'),
    notes: safeString().trim().max(2000).nullable().default(null),
  })
  .refine((t) => t.fromWarehouseId !== t.toWarehouseId, {
    ...say('transfer.sameWarehouse'),
    path: ['toWarehouseId'],
  });
export type CreateTransferInput = z.infer<typeof createTransferInput>;

export const transferListInput = z.strictObject({
  ...pageInput,
  status: z.enum(transferStatuses).optional(),
  warehouseId: z.uuid().optional(),
});

/**
 * A delivery at the destination: what arrived of each line, and what will not (lost, damaged on
 * the way) with why.
 */
export const receiveTransferInput = z.strictObject({
  transferId: z.uuid(),
  lines: z
    .array(
      z
        .strictObject({
          lineId: z.uuid(),
          received: z.number().int().min(0).max(1_000_000),
          missing: z.number().int().min(0).max(1_000_000).default(0),
          note: safeString().trim().max(500).optional(),
        })
        .refine((l) => l.received + l.missing > 0, { ...say('transfer.nothingOnLine'), path: ['received'] }),
    )
    .min(1)
    .max(500)
    .refine((l) => new Set(l.map((x) => x.lineId)).size === l.length, say('purchase.linesDistinct')),
});
export type ReceiveTransferInput = z.infer<typeof receiveTransferInput>;

/** A transfer's number: TR-2026-000012. */
export function transferNumber(at: Date, sequence: number): string {
  return `TR-${at.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`;
}
