// Contracts of the staff customers module: search and page through customers, open one.
import { z } from 'zod';
import { pageInput } from './pagination';
import { safeString } from './text';

export const customerListInput = z.strictObject({
  ...pageInput,
  /** Part of the email or name. */
  search: safeString().trim().max(200).optional(),
});

export const customerRefInput = z.strictObject({ id: z.uuid() });
