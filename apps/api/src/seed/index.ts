// The demo business's catalog and commerce setup, for `--demo`, `db:seed`, tests and benchmarks.
export { type CatalogSeedResult, DEMO_PRODUCT_COUNT, seedCatalog } from './catalog-seed';
export { demoCoupons, seedCommerce } from './commerce-seed';
