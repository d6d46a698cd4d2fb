// Stock counts: a count of a warehouse (or a list of its SKUs) freezes what the books expect of
// each SKU when it starts; counters enter what they find without seeing it (blind), by barcode
// or SKU code — a keyboard-wedge scanner types the code and Enter; the variance review shows each
// difference with its value; posting writes every correction in one transaction, once.
import { z } from 'zod';
import { say } from './messages';
import { pageInput } from './pagination';
import { safeString } from './text';

export const countStatuses = ['counting', 'posted', 'cancelled'] as const;
export type CountStatus = (typeof countStatuses)[number];

export const startCountInput = z.strictObject({
  warehouseId: z.uuid(),
  /** Only these SKUs; none: every SKU the warehouse holds. */
  skuIds: z
    .array(z.uuid())
    .max(20_000)
    .refine((ids) => new Set(ids).size === ids.length, say('purchase.linesDistinct'))
    .optional(),
  note: safeString().trim().max(500).nullable().default(null),
});
export type StartCountInput = z.infer<typeof startCountInput>;

/** What a counter found of one SKU: scanned or typed (barcode or SKU code), and how many. */
export const enterCountInput = z.strictObject({
  countId: z.uuid(),
  code: safeString().trim().min(1).max(100),
  quantity: z.number().int().min(0).max(1_000_000),
});

export const countListInput = z.strictObject({
  ...pageInput,
  status: z.enum(countStatuses).optional(),
});

/** A line's difference: counted less expected; null while not counted. */
export const countVariance = (line: { expected: number; counted: number | null }) =>
  line.counted === null ? null : line.counted - line.expected;

/** A count's lines summed up for the review: how many counted, differ, and the value the differences make. */
export function countSummary(
  lines: readonly { expected: number; counted: number | null; unitCost: number | null }[],
) {
  let counted = 0;
  let differing = 0;
  let value = 0;
  let unvalued = 0;
  for (const line of lines) {
    const variance = countVariance(line);
    if (variance === null) continue;
    counted++;
    if (variance === 0) continue;
    differing++;
    if (line.unitCost === null) unvalued++;
    else value += variance * line.unitCost;
  }
  return { lines: lines.length, counted, differing, value: Math.round(value), unvalued };
}

/** A stock count's number: SC-2026-000012. */
export function countNumber(at: Date, sequence: number): string {
  return `SC-${at.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`;
}
