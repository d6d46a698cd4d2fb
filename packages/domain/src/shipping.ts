// Shipping rates: a method has rates per destination zone, each a list of weight brackets.
// A zone is a set of countries; a country belongs to at most one zone of a method.

export interface WeightBracket {
  /** Inclusive upper bound in grams; null means no upper bound. */
  maxGrams: number | null;
  /** Minor units of the currency the rate is kept in. */
  amount: number;
}

export interface ZoneRate {
  zoneId: string;
  countries: readonly string[];
  brackets: readonly WeightBracket[];
}

/** The zone that serves `country`, if any. Countries are ISO 3166-1 alpha-2 codes. */
export function zoneFor<Z extends Pick<ZoneRate, 'countries'>>(
  zones: readonly Z[],
  country: string,
): Z | null {
  const code = country.toUpperCase();
  return zones.find((zone) => zone.countries.includes(code)) ?? null;
}

/** The price for a parcel of `grams`: the smallest bracket that holds it, or null if none does. */
export function rateForWeight(brackets: readonly WeightBracket[], grams: number): number | null {
  const fitting = brackets
    .filter((b) => b.maxGrams === null || grams <= b.maxGrams)
    .sort((a, b) => (a.maxGrams ?? Number.POSITIVE_INFINITY) - (b.maxGrams ?? Number.POSITIVE_INFINITY));
  return fitting[0]?.amount ?? null;
}

/** What a method charges to ship `grams` to `country`, or null when it does not go there. */
export function shippingPrice(zones: readonly ZoneRate[], country: string, grams: number): number | null {
  const zone = zoneFor(zones, country);
  return zone ? rateForWeight(zone.brackets, grams) : null;
}

/** Every country some method ships to, once each, sorted by code: what an address may name. */
export function shippingCountries(
  methods: readonly { zones: readonly Pick<ZoneRate, 'countries'>[] }[],
): string[] {
  return [...new Set(methods.flatMap((m) => m.zones.flatMap((z) => z.countries)))].sort();
}
