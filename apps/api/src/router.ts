// The whole API: one sub-router per module. Clients import only the types from here.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { accountRouter } from './modules/account/account.router';
import { analyticsRouter } from './modules/analytics/analytics.router';
import { adoptGuestCart, cartRouter } from './modules/cart/cart.router';
import { catalogRouter, shopRouter } from './modules/catalog/catalog.router';
import { channelsRouter } from './modules/channels/channels.router';
import { checkoutRouter } from './modules/checkout/checkout.router';
import { customersRouter } from './modules/customers/customers.router';
import { financeRouter } from './modules/finance/finance.router';
import { orderShippingRouter } from './modules/fulfilment/fulfilment.router';
import { createAuthRouter } from './modules/identity/auth.router';
import { auditRouter, rolesRouter, staffRouter } from './modules/identity/staff.router';
import { inventoryRouter } from './modules/inventory/inventory.router';
import { liveRouter } from './modules/live/live.router';
import { logisticsRouter } from './modules/logistics/logistics.router';
import { ordersRouter } from './modules/orders/orders.router';
import { paymentsRouter } from './modules/payments/payments.router';
import { orderRefundsRouter } from './modules/payments/refunds.router';
import { promotionsRouter } from './modules/promotions/promotions.router';
import { purchasingRouter } from './modules/purchasing/purchasing.router';
import { reviewsRouter } from './modules/reviews/reviews.router';
import { settingsRouter } from './modules/settings/settings.router';
import { stockRouter } from './modules/stock/stock.router';
import { systemRouter } from './modules/system/system.router';
import { mergeRouters, router } from './trpc';

export const appRouter = router({
  auth: createAuthRouter({ onCustomerSignIn: adoptGuestCart }),
  staff: staffRouter,
  roles: rolesRouter,
  audit: auditRouter,
  catalog: catalogRouter,
  shop: shopRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  account: accountRouter,
  orders: mergeRouters(ordersRouter, orderShippingRouter, orderRefundsRouter),
  payments: paymentsRouter,
  customers: customersRouter,
  analytics: analyticsRouter,
  live: liveRouter,
  finance: financeRouter,
  reviews: reviewsRouter,
  inventory: inventoryRouter,
  purchasing: purchasingRouter,
  stock: stockRouter,
  promotions: promotionsRouter,
  logistics: logisticsRouter,
  settings: settingsRouter,
  channels: channelsRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
