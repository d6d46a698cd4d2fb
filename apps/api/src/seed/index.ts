// The demo business's catalog and commerce setup, for `--demo`, `db:seed`, tests and benchmarks.

export {
  addSimulatedAmazonListings,
  changeSimulatedAmazonOrder,
  openSimulatedAmazonSeller,
  placeSimulatedAmazonOrder,
  simulatedAllOrdersReport,
} from '../infra/marketplaces/amazon-simulator';
export {
  addSimulatedShopifyVariants,
  openSimulatedShopifyStore,
  placeSimulatedShopifyOrder,
  simulateShopifyTraffic,
} from '../infra/marketplaces/shopify-simulator';
export { type CatalogSeedResult, DEMO_PRODUCT_COUNT, seedCatalog, seedProductPhotos } from './catalog-seed';
export { demoCoupons, seedCommerce } from './commerce-seed';
export { demoHistory, type HistoryResult, seedHistory } from './history-seed';
export { seedPurchasing } from './purchasing-seed';
export { demoShopifyStore, seedShops } from './shops-seed';
