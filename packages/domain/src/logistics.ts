// Contracts for shipping methods (zones and weight brackets).
import { z } from 'zod';
import { localizedText } from './catalog';
import { say } from './messages';
import { safeString } from './text';

/** An ISO 3166-1 alpha-2 country code, as staff type it (trimmed, any case). */
export const countryCode = safeString()
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
          countries: z.array(countryCode).min(1, say('zone.country')).max(250),
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
