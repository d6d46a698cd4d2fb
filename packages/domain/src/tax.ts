// Tax rates by destination country and product category. The most specific rate wins: a rate
// for the product's own category, then for its nearest ancestor, then the country's default
// (category null); a country with no rate at all is untaxed.
//
// Whether shelf prices include the tax is a property of the market (the country), kept on its
// default rate: in the EU, the UK, Australia and most VAT/GST countries prices are shown and
// charged with the tax inside them (the tax part is shown); in the US and Canada tax is added on
// top. A country with no default rate falls back to the store's setting.

export interface TaxRate {
  country: string;
  /** null: the country's default rate. */
  categoryId: string | null;
  basisPoints: number;
  /** On the country's default rate only (null on category rates): prices include the tax. */
  pricesIncludeTax: boolean | null;
}

/** Markets whose consumer prices are, by law or by custom, shown with tax included. */
const taxInclusiveMarkets = new Set([
  ...['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE'],
  ...['IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
  ...['GB', 'CH', 'NO', 'IS', 'AU', 'NZ', 'JP', 'SG', 'CN', 'HK', 'TW', 'KR', 'MY', 'TH'],
]);

/** The default for a new market: tax-inclusive where that is how prices are shown there. */
export const pricesIncludeTaxByDefault = (country: string) => taxInclusiveMarkets.has(country.toUpperCase());

/** Whether prices for `country` include tax: its default rate says, else the store's setting. */
export function pricesIncludeTax(rates: readonly TaxRate[], country: string, storeDefault: boolean): boolean {
  const code = country.toUpperCase();
  const own = rates.find((r) => r.country === code && r.categoryId === null);
  return own?.pricesIncludeTax ?? storeDefault;
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
