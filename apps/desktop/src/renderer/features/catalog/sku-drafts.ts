// The SKU matrix editor's rows: each SKU as text fields staff edit (prices as decimals in their
// currency), and back to the smallest patch the API's `updateSkus` takes — only what changed,
// checked with the same `skuPatch` contract the server applies.
import { skuPatch } from '@crossdock/domain/catalog';
import { fromDecimalString, type Money, money, toDecimalString } from '@crossdock/domain/money';
import type { z } from 'zod';

export type SkuPatch = z.input<typeof skuPatch>;

export interface EditableSku {
  id: string;
  code: string;
  barcode: string | null;
  basePrice: number | null;
  compareAtPrice: number | null;
  weightGrams: number | null;
  status: 'active' | 'inactive';
  prices: readonly { currency: string; price: Money; compareAtPrice: Money | null; source: string }[];
}

export interface SkuDraft {
  code: string;
  barcode: string;
  price: string;
  compareAt: string;
  weight: string;
  status: 'active' | 'inactive';
  /** Own prices in other currencies by code; '' = the converted price applies. */
  overrides: Record<string, string>;
}

/** The fields bulk edit can set on many rows at once. */
export type BulkField = 'price' | 'compareAt' | 'weight' | 'status' | `override:${string}`;

const decimal = (minor: number | null, currency: string) =>
  minor === null ? '' : toDecimalString(money(minor, currency));

export function draftOf(sku: EditableSku, base: string): SkuDraft {
  return {
    code: sku.code,
    barcode: sku.barcode ?? '',
    price: decimal(sku.basePrice, base),
    compareAt: decimal(sku.compareAtPrice, base),
    weight: sku.weightGrams === null ? '' : String(sku.weightGrams),
    status: sku.status,
    overrides: Object.fromEntries(
      sku.prices.filter((p) => p.source === 'override').map((p) => [p.currency, toDecimalString(p.price)]),
    ),
  };
}

/** Minor units from decimal text, '' → null, or the message to show on the field. */
function amount(text: string, currency: string): { minor: number | null } | { error: string } {
  if (!text.trim()) return { minor: null };
  try {
    return { minor: fromDecimalString(text, currency).amount };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * What to send for one row: `patch` null when nothing changed; `errors` by draft field
 * ("price", "override:EUR", …) when something cannot be sent.
 */
export function patchOf(
  sku: EditableSku,
  draft: SkuDraft,
  base: string,
): { patch: SkuPatch | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const patch: SkuPatch = { id: sku.id };
  if (draft.code.trim() !== sku.code) patch.code = draft.code.trim();
  const barcode = draft.barcode.trim() || null;
  if (barcode !== sku.barcode) patch.barcode = barcode;

  const money = (
    field: 'price' | 'compareAt',
    current: number | null,
    key: 'basePrice' | 'compareAtPrice',
  ) => {
    const parsed = amount(draft[field], base);
    if ('error' in parsed) errors[field] = parsed.error;
    else if (parsed.minor !== current) patch[key] = parsed.minor;
  };
  money('price', sku.basePrice, 'basePrice');
  money('compareAt', sku.compareAtPrice, 'compareAtPrice');

  const weight = draft.weight.trim();
  if (weight && !/^\d+$/.test(weight)) errors.weight = 'Enter whole grams';
  else {
    const grams = weight ? Number(weight) : null;
    if (grams !== sku.weightGrams) patch.weightGrams = grams;
  }
  if (draft.status !== sku.status) patch.status = draft.status;

  const prices: NonNullable<SkuPatch['prices']> = {};
  for (const [currency, text] of Object.entries(draft.overrides)) {
    const own = sku.prices.find((p) => p.currency === currency && p.source === 'override');
    const parsed = amount(text, currency);
    if ('error' in parsed) errors[`override:${currency}`] = parsed.error;
    else if (parsed.minor === null) {
      if (own) prices[currency as keyof typeof prices] = null;
    } else if (parsed.minor !== own?.price.amount) {
      prices[currency as keyof typeof prices] = {
        price: parsed.minor,
        compareAtPrice: own?.compareAtPrice?.amount ?? null,
      };
    }
  }
  if (Object.keys(prices).length) patch.prices = prices;

  // The server's own rules (code characters, barcode digits, ranges) on what is left.
  const checked = skuPatch.safeParse(patch);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [field, currency] = issue.path.map(String);
      const name =
        field === 'basePrice'
          ? 'price'
          : field === 'compareAtPrice'
            ? 'compareAt'
            : field === 'weightGrams'
              ? 'weight'
              : field === 'prices'
                ? `override:${currency}`
                : (field ?? 'code');
      errors[name] ??= issue.message;
    }
  }
  return { patch: Object.keys(patch).length > 1 ? patch : null, errors };
}

/** Whether two rows hold the same text (a blank price in another currency is no price). */
export function sameDraft(a: SkuDraft, b: SkuDraft): boolean {
  const own = (d: SkuDraft) =>
    Object.entries(d.overrides)
      .filter(([, text]) => text.trim() !== '')
      .sort(([x], [y]) => x.localeCompare(y));
  const { overrides: _a, ...restA } = a;
  const { overrides: _b, ...restB } = b;
  return JSON.stringify([restA, own(a)]) === JSON.stringify([restB, own(b)]);
}

/** Sets one field to the same text on the chosen rows (bulk edit); saving still checks each. */
export function bulkSet(
  drafts: Readonly<Record<string, SkuDraft>>,
  ids: readonly string[],
  field: BulkField,
  value: string,
): Record<string, SkuDraft> {
  const next = { ...drafts };
  for (const id of ids) {
    const draft = next[id];
    if (!draft) continue;
    if (field.startsWith('override:')) {
      next[id] = { ...draft, overrides: { ...draft.overrides, [field.slice('override:'.length)]: value } };
    } else if (field === 'status') {
      next[id] = { ...draft, status: value === 'inactive' ? 'inactive' : 'active' };
    } else {
      next[id] = { ...draft, [field]: value };
    }
  }
  return next;
}
