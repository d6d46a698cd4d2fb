// Everything a use case may need from the outside world, built once per process (or per
// test file) and passed down explicitly. Tests build it with the real database and Redis.
import type { Db, DbHandle } from '@crossdock/db/client';
import type { PaymentProvider } from '@crossdock/domain/payments';
import type { Config } from './config';
import type { BlobStore } from './infra/blob-store';
import type { CarrierClient } from './infra/carriers/carrier';
import type { Clock } from './infra/clock';
import type { Keyring } from './infra/credentials';
import type { EventRelay } from './infra/event-relay';
import type { Jobs } from './infra/jobs';
import type { LiveBus } from './infra/live';
import type { Logger } from './infra/logger';
import type { Mailer } from './infra/mail';
import type { PaymentProviders } from './infra/payment-providers/provider';
import type { RateLimits } from './infra/rate-limit';
import type { Redis } from './infra/redis';
import type { ReferenceCache } from './infra/reference-cache';
import type { TokenService } from './infra/tokens';
import type { CartStore } from './modules/cart/cart-store';
import type { CatalogCache } from './modules/catalog/cache';

export interface AppDeps {
  config: Config;
  db: Db;
  dbHandle: DbHandle;
  redis: Redis | null;
  clock: Clock;
  logger: Logger;
  tokens: TokenService;
  rateLimits: RateLimits;
  mailer: Mailer;
  catalogCache: CatalogCache;
  blobs: BlobStore;
  jobs: Jobs;
  cartStore: CartStore;
  reference: ReferenceCache;
  events: EventRelay;
  /** The payment providers (simulated here), and their shared secrets (the simulator signs with them). */
  payments: PaymentProviders;
  providerSecrets: Record<PaymentProvider, string>;
  /** The carriers (simulated here), and the secret their tracking events are signed with. */
  carriers: CarrierClient;
  carrierSecret: string;
  /** Order events for live staff screens (Redis pub/sub across processes when configured). */
  live: LiveBus;
  /** The keys marketplace credentials are sealed with (infra/credentials). */
  credentials: Keyring;
}
