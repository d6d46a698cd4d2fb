// Contracts for shipping methods (zones and weight brackets), tax rates and store settings.
import { z } from 'zod';
import { localizedText } from './catalog';
import { say } from './messages';
import { atLeastOneField, safeString } from './text';

const country = safeString()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, say('country.isoList'));

export const shippingMethodInput = z
  .strictObject({
    /** Absent: a new method; present: replaces that method's details, zones and rates. */
    id: z.uuid().optional(),
    code: safeString()
      .trim()
      .regex(/^[a-z0-9-]{2,40}$/, say('code.slugLike')),
    name: localizedText(80),
    description: localizedText(200).nullable().default(null),
    active: z.boolean().default(true),
    position: z.number().int().min(0).max(1000).default(0),
    zones: z
      .array(
        z.strictObject({
          name: safeString().trim().min(1).max(80),
          countries: z.array(country).min(1, say('zone.country')).max(250),
          brackets: z
            .array(
              z.strictObject({
                maxGrams: z.number().int().min(1).max(1_000_000).nullable(),
                amount: z.number().int().min(0).max(100_000_000),
              }),
            )
            .min(1, say('zone.rate')),
        }),
      )
      .min(1, say('zone.atLeastOne'))
      .max(50),
  })
  .refine(
    (m) => {
      const all = m.zones.flatMap((z) => z.countries);
      return new Set(all).size === all.length;
    },
    { ...say('zone.countryOnce'), path: ['zones'] },
  );
export type ShippingMethodInput = z.infer<typeof shippingMethodInput>;

export const taxRateInput = z
  .strictObject({
    country,
    categoryId: z.uuid().nullable().default(null),
    basisPoints: z.number().int().min(0).max(10_000),
    /**
     * For the country's default rate: whether its prices include the tax. Left out, a new market
     * gets the usual for the country (EU/UK/AU… inclusive, US exclusive) and an existing one keeps
     * what it has.
     */
    pricesIncludeTax: z.boolean().optional(),
  })
  .refine((r) => r.categoryId === null || r.pricesIncludeTax === undefined, {
    ...say('tax.inclusiveOnCountry'),
    path: ['pricesIncludeTax'],
  });

export const storeSettingsInput = atLeastOneField(
  z.strictObject({
    taxInclusive: z.boolean().optional(),
    reservationMinutes: z.number().int().min(1).max(1440).optional(),
    /** Loyalty: points earned per base-currency unit paid (0 turns earning off). */
    pointsPerUnit: z.number().int().min(0).max(1000).optional(),
    /** Points that make one base-currency unit off at checkout. */
    pointsPerUnitRedeemed: z.number().int().min(1).max(100_000).optional(),
    /** The most of an order's goods points may pay, in basis points (2000 = 20%). */
    pointsMaxShareBasisPoints: z.number().int().min(0).max(10_000).optional(),
  }),
);
