// Pure catalog rules: moving categories without cycles, the SKU matrix of a product's options,
// what keeps a product from being published, stock availability, translated content with
// fallback, and slugs.
import { DomainError } from './errors';

export const DEFAULT_LOCALE = 'en';

/**
 * Refuses a move that would put a category under itself or one of its own descendants.
 * `ancestorsOfNewParent` lists the new parent and every category above it, up to the root.
 */
export function assertMoveKeepsTree(
  moving: string,
  newParent: string | null,
  ancestorsOfNewParent: readonly string[],
): void {
  if (newParent === null) return;
  if (newParent === moving || ancestorsOfNewParent.includes(moving)) {
    throw new DomainError(
      'CATEGORY_CYCLE',
      'A category cannot be moved under itself or one of its own subcategories',
    );
  }
}

export interface OptionValues<V> {
  values: readonly V[];
}

/**
 * Every combination of one value per option, in option order then value order: the SKUs a
 * product with these options has. No options → one combination with no values.
 */
export function skuMatrix<V>(options: readonly OptionValues<V>[]): V[][] {
  return options.reduce<V[][]>(
    (combos, option) => combos.flatMap((combo) => option.values.map((value) => [...combo, value])),
    [[]],
  );
}

/** A stable key for a combination of option values, whatever order they come in. */
export function combinationKey(valueIds: readonly string[]): string {
  return [...valueIds].sort().join('+');
}

export interface PublishCheckSku {
  status: 'active' | 'inactive';
  basePrice: number | null;
}

/** What is missing before a product can be published; empty when it can be. */
export function publishBlockers(product: { title: string; skus: readonly PublishCheckSku[] }): string[] {
  const missing: string[] = [];
  if (!product.title.trim()) missing.push('a title');
  const active = product.skus.filter((s) => s.status === 'active');
  if (active.length === 0) missing.push('at least one active SKU');
  else if (!active.some((s) => s.basePrice !== null && s.basePrice > 0))
    missing.push('a price on at least one active SKU');
  return missing;
}

export type Availability = 'in_stock' | 'low' | 'out';

export function availability(available: number, lowThreshold: number): Availability {
  if (available <= 0) return 'out';
  return available <= lowThreshold ? 'low' : 'in_stock';
}

/** How many approved reviews gave 1, 2, 3, 4 and 5 stars. */
export type StarCounts = readonly [number, number, number, number, number];

export interface RatingSummary {
  /** Mean stars to one decimal, or null before the first approved review. */
  average: number | null;
  count: number;
  /** Reviews per star, index 0 = 1 star. */
  stars: StarCounts;
}

export function ratingSummary(stars: StarCounts): RatingSummary {
  const count = stars.reduce((sum, n) => sum + n, 0);
  const total = stars.reduce((sum, n, i) => sum + n * (i + 1), 0);
  return { average: count === 0 ? null : Math.round((total / count) * 10) / 10, count, stars };
}

/** The text in `locale`, else in the default language, else any. */
export function pickTranslation<T extends { locale: string }>(
  translations: readonly T[],
  locale: string,
): T | undefined {
  return (
    translations.find((t) => t.locale === locale) ??
    translations.find((t) => t.locale === DEFAULT_LOCALE) ??
    translations[0]
  );
}

/** A URL slug from a title: lower-case ASCII words joined by hyphens; empty if nothing is left. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/**
 * The code of an option value from its English label, e.g. "Navy blue" → "NAVY-BLUE": it goes
 * into generated SKU codes, so upper-case ASCII letters, digits and hyphens; empty if nothing is left.
 */
export function optionValueCode(label: string): string {
  return slugify(label).toUpperCase().slice(0, 40).replace(/-+$/g, '');
}
