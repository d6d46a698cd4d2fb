// Contracts for the system screens: background event deliveries and the failed ones.
import { z } from 'zod';
import { pageInput } from './pagination';
import { safeString } from './text';

export const deliveryStatuses = ['pending', 'done', 'dead'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliveryListInput = z.strictObject({
  ...pageInput,
  /** Dead letters by default: what needs a person. */
  status: z.enum(deliveryStatuses).default('dead'),
  handler: safeString().min(1).max(200).optional(),
});

export const retryDeliveryInput = z.strictObject({ id: z.uuid() });
