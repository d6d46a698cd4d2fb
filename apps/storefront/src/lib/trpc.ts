// The typed API client. Types come straight from the API's router; no code is generated and
// no server code reaches the bundle (type-only import). Every request carries the session's
// access token when there is one (see session.tsx).

import type { AppRouter, RouterOutputs } from '@crossdock/api';
import { createTRPCClient } from '@trpc/client';
import { apiLink } from './api-link';
import { authorization } from './session';

export const api = createTRPCClient<AppRouter>({
  links: [apiLink('/trpc', authorization)],
});

export type ProductPage = RouterOutputs['shop']['product'];
export type ProductList = RouterOutputs['shop']['products'];
export type Facets = RouterOutputs['shop']['facets'];
export type CategoryTree = RouterOutputs['shop']['categories'];
export type Cart = RouterOutputs['cart']['get'];
export type Quote = RouterOutputs['checkout']['quote'];
export type OrderDetail = RouterOutputs['account']['orders']['get'];
export type Address = RouterOutputs['account']['addresses']['list'][number];

/** The reason code of an API error, for switching on (never parse messages). */
export function reasonOf(error: unknown): string | null {
  const data = (error as { data?: { reason?: string } } | null)?.data;
  return data?.reason ?? null;
}
