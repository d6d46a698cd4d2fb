// Tax rates by destination country and product category. The most specific rate wins: a rate
// for the product's own category, then for its nearest ancestor, then the country's default
// (category null); a country with no rate at all is untaxed.

export interface TaxRate {
  country: string;
  /** null: the country's default rate. */
  categoryId: string | null;
  basisPoints: number;
}

/** `categoryIds` from the product's own category up to the root. */
export function taxRateFor(
  rates: readonly TaxRate[],
  country: string,
  categoryIds: readonly string[],
): number {
  const code = country.toUpperCase();
  const own = rates.filter((r) => r.country === code);
  for (const id of categoryIds) {
    const rate = own.find((r) => r.categoryId === id);
    if (rate) return rate.basisPoints;
  }
  return own.find((r) => r.categoryId === null)?.basisPoints ?? 0;
}
