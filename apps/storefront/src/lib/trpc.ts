// The typed API client. Types come straight from the API's router; no code is generated and
// no server code reaches the bundle (type-only import).

import type { AppRouter, RouterOutputs } from '@crossdock/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';

export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc', transformer: superjson })],
});

export type ProductPage = RouterOutputs['shop']['product'];
export type ProductList = RouterOutputs['shop']['products'];
export type Facets = RouterOutputs['shop']['facets'];
export type CategoryTree = RouterOutputs['shop']['categories'];
