// What the channels module asks of a marketplace, whichever it is. Each platform's adapter
// speaks that platform's published API (Shopify Admin GraphQL, Amazon SP-API…) through its
// official client where one exists; in simulated mode the same adapter talks to the simulator
// on the API's own origin, only the base URL differs. The contract grows with sync: orders
// changed since a cursor, their items, listings, stock and shipment pushes.
export type ConnectionCheck =
  | { ok: true; account: { name: string; currency: string; timeZone: string } }
  /** unauthorized: the platform refused the credentials (re-authorise); unreachable: try later. */
  | { ok: false; problem: 'unauthorized' | 'unreachable'; detail: string };

export interface MarketplaceConnector {
  /** Signs in and reads the account, without changing anything. */
  testConnection(): Promise<ConnectionCheck>;
}

/** Where connectors send their calls: the platforms themselves, or the simulators here. */
export type MarketplaceMode = { kind: 'live' } | { kind: 'simulated'; baseUrl: string };
