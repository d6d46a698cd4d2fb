// What runs in the background, in one place: the event handlers the modules contribute, and the
// jobs and schedules every process defines (whether it runs them is `JOBS`, see config.ts).

import { orderActions } from '@crossdock/domain/order-states';
import type { AppDeps } from './deps';
import { emitDueTrackingEvents } from './infra/carriers/simulator';
import type { EventHandler } from './infra/event-relay';
import type { LiveBus } from './infra/live';
import { simulateAllAmazonTraffic } from './infra/marketplaces/amazon-simulator';
import {
  deliverSimulatedShopifyWebhooks,
  simulateAllShopifyTraffic,
} from './infra/marketplaces/shopify-sim-store';
import { httpSend, sendDueNotifications } from './infra/payment-providers/simulator-notifier';
import { sweepExpiredCarts } from './modules/cart/cart-store';
import { acknowledgementHandler, sendDueAcknowledgements } from './modules/channels/acknowledgements.service';
import {
  fetchPlatformReport,
  fetchSettlements,
  runImport,
  sweepAbandonedImports,
} from './modules/channels/imports.service';
import { pullDueListings, pullShopListings } from './modules/channels/listings-pull.service';
import {
  queueStockPushes,
  sendDuePushes,
  shipmentPushHandler,
  stockPushHandler,
} from './modules/channels/pushes.service';
import { runSync, syncDueShops } from './modules/channels/sync.service';
import { autoCompleteDelivered, pollQuietShipments } from './modules/fulfilment/fulfilment.service';
import { expireUnpaidOrders } from './modules/orders/orders.service';
import { retryApprovedRefunds } from './modules/payments/refunds.service';

/** Every module's outbox event handlers. Modules add theirs here as they gain them. */
export const eventHandlers = (ctx: { live: LiveBus }): readonly EventHandler[] => [
  shipmentPushHandler,
  stockPushHandler,
  acknowledgementHandler,
  {
    // Staff screens hear about every order change (a repeat delivery only refreshes them).
    name: 'live.orders',
    events: ['order.placed', ...orderActions.map((action) => `order.${action}`)],
    async handle(_tx, event) {
      const payload = event.payload as { number?: string; to?: string };
      await ctx.live.publish({
        type: event.type,
        orderId: event.aggregateId,
        number: payload.number ?? '',
        status: payload.to ?? 'pending_payment',
        at: event.occurredAt,
      });
    },
  },
];

export const schedules = {
  'events.relay': 1000,
  'mail.flush': 5000,
  'orders.expire': 30_000,
  'carts.sweep': 3_600_000,
  'payments.simulator.notify': 1000,
  'payments.refunds.retry': 30_000,
  'shipping.simulator.emit': 1000,
  'shipping.poll': 300_000,
  'orders.autocomplete': 3_600_000,
  'channels.schedule': 60_000,
  'channels.imports.sweep': 3_600_000,
  'channels.push': 10_000,
  'channels.stock': 900_000,
  'channels.listings.due': 600_000,
  'channels.settlements': 21_600_000,
  'channels.simulator.traffic': 60_000,
  'channels.simulator.webhooks': 1000,
} as const;

export async function registerBackgroundWork(deps: AppDeps): Promise<void> {
  deps.jobs.define('events.relay', async () => {
    await deps.events.runOnce();
  });
  deps.jobs.define('mail.flush', async () => {
    await deps.mailer.flush();
  });
  deps.jobs.define('orders.expire', async () => {
    await expireUnpaidOrders(deps);
  });
  deps.jobs.define('carts.sweep', async () => {
    await sweepExpiredCarts(deps.db, deps.clock);
  });
  deps.jobs.define('payments.simulator.notify', async () => {
    await sendDueNotifications({ ...deps, secrets: deps.providerSecrets });
  });
  deps.jobs.define('payments.refunds.retry', async () => {
    await retryApprovedRefunds(deps);
  });
  deps.jobs.define('shipping.simulator.emit', async () => {
    await emitDueTrackingEvents({ ...deps, secret: deps.carrierSecret }, httpSend);
  });
  deps.jobs.define('shipping.poll', async () => {
    await pollQuietShipments(deps);
  });
  deps.jobs.define('orders.autocomplete', async () => {
    await autoCompleteDelivered(deps);
  });
  deps.jobs.define('channels.schedule', async () => {
    await syncDueShops(deps);
  });
  deps.jobs.define('channels.sync', async (data) => {
    await runSync(deps, (data as { runId: string }).runId);
  });
  deps.jobs.define('channels.stock', async () => {
    await queueStockPushes(deps);
  });
  deps.jobs.define('channels.listings.due', async () => {
    await pullDueListings(deps);
  });
  deps.jobs.define('channels.settlements', async () => {
    await fetchSettlements(deps);
  });
  deps.jobs.define('channels.listings', async (data) => {
    await pullShopListings(deps, (data as { shopId: string }).shopId);
  });
  deps.jobs.define('channels.push', async () => {
    await sendDuePushes(deps);
    await sendDueAcknowledgements(deps);
  });
  deps.jobs.define('channels.imports.sweep', async () => {
    await sweepAbandonedImports(deps);
  });
  deps.jobs.define('channels.report', async (data) => {
    await fetchPlatformReport(deps, data as { importId: string; from: string; to: string });
  });
  deps.jobs.define('channels.import', async (data) => {
    await runImport(deps, (data as { importId: string }).importId);
  });
  deps.jobs.define('channels.simulator.traffic', async () => {
    if (deps.config.marketplaces !== 'simulated') return;
    await simulateAllShopifyTraffic(deps.db, deps.clock.now());
    await simulateAllAmazonTraffic(deps.db, deps.clock.now());
  });
  deps.jobs.define('channels.simulator.webhooks', async () => {
    if (deps.config.marketplaces === 'simulated') await deliverSimulatedShopifyWebhooks(deps.db);
  });
  for (const [name, everyMs] of Object.entries(schedules)) await deps.jobs.every(name, everyMs);
}
