// Contracts for the store's settings: store-wide settings and tax rates per market.
import { z } from 'zod';
import { countryCode } from './logistics';
import { say } from './messages';
import { atLeastOneField } from './text';

export const taxRateInput = z
  .strictObject({
    country: countryCode,
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
    /** A purchase order worth more than this (base minor units) needs someone who may approve it. */
    purchaseApprovalLimit: z.number().int().min(0).max(1_000_000_000_000).optional(),
    /** How much more than ordered a delivery may bring, in percent of the line. */
    overReceiptTolerancePercent: z.number().int().min(0).max(100).optional(),
  }),
);
