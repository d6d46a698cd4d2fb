import { describe, expect, it } from 'vitest';
import { rateForWeight, shippingCountries, shippingPrice, type ZoneRate } from './shipping';
import { pricesIncludeTax, pricesIncludeTaxByDefault, taxRateFor } from './tax';

const zones: ZoneRate[] = [
  {
    zoneId: 'eu',
    countries: ['DE', 'FR'],
    brackets: [
      { maxGrams: 2_000, amount: 1_200 },
      { maxGrams: 500, amount: 600 },
      { maxGrams: null, amount: 3_000 },
    ],
  },
  { zoneId: 'us', countries: ['US'], brackets: [{ maxGrams: 1_000, amount: 900 }] },
];

describe('shipping rates', () => {
  it('charges the smallest bracket that holds the parcel', () => {
    expect(rateForWeight(zones[0]!.brackets, 500)).toBe(600);
    expect(rateForWeight(zones[0]!.brackets, 501)).toBe(1_200);
    expect(rateForWeight(zones[0]!.brackets, 25_000)).toBe(3_000);
  });

  it('does not ship where no zone or bracket applies', () => {
    expect(shippingPrice(zones, 'de', 100)).toBe(600);
    expect(shippingPrice(zones, 'US', 1_500)).toBeNull();
    expect(shippingPrice(zones, 'JP', 100)).toBeNull();
  });
});

describe('tax rates', () => {
  const rates = [
    { country: 'DE', categoryId: null, basisPoints: 1_900, pricesIncludeTax: true },
    { country: 'DE', categoryId: 'books', basisPoints: 700, pricesIncludeTax: null },
    { country: 'GB', categoryId: 'children', basisPoints: 0, pricesIncludeTax: null },
    { country: 'GB', categoryId: null, basisPoints: 2_000, pricesIncludeTax: false },
  ];

  it('takes the most specific rate: own category, then ancestors, then the default', () => {
    expect(taxRateFor(rates, 'DE', ['cookbooks', 'books'])).toBe(700);
    expect(taxRateFor(rates, 'de', ['shoes'])).toBe(1_900);
    expect(taxRateFor(rates, 'GB', ['kids-shoes', 'children', 'apparel'])).toBe(0);
    expect(taxRateFor(rates, 'US', ['books'])).toBe(0);
  });

  it('says per market whether prices include tax: its default rate, else the store setting', () => {
    expect(pricesIncludeTax(rates, 'de', false)).toBe(true);
    expect(pricesIncludeTax(rates, 'GB', true)).toBe(false);
    expect(pricesIncludeTax(rates, 'US', false)).toBe(false);
    expect(pricesIncludeTax(rates, 'US', true)).toBe(true);
  });

  it('defaults new markets to how prices are shown there: EU, UK and AU inclusive, US and CA not', () => {
    for (const country of ['DE', 'FR', 'GB', 'AU', 'JP'])
      expect(pricesIncludeTaxByDefault(country)).toBe(true);
    for (const country of ['US', 'CA']) expect(pricesIncludeTaxByDefault(country)).toBe(false);
  });
});

describe('shippingCountries', () => {
  it('lists each country any zone of any method serves, once, in order', () => {
    const methods = [
      { zones: [{ countries: ['US', 'CA'] }, { countries: ['DE'] }] },
      { zones: [{ countries: ['DE', 'FR'] }] },
      { zones: [] },
    ];
    expect(shippingCountries(methods)).toEqual(['CA', 'DE', 'FR', 'US']);
    expect(shippingCountries([])).toEqual([]);
  });
});
