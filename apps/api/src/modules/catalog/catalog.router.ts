// Catalog procedures: staff management (catalog:read / catalog:write / catalog:publish) and the
// public reads the storefront uses.
import {
  addOptionValuesInput,
  archiveInput,
  brandListInput,
  bulkPriceChangeInput,
  categoryTreeInput,
  createBrandInput,
  createCategoryInput,
  createProductInput,
  imageAltInput,
  imageRefInput,
  moveCategoryInput,
  priceChangePreviewInput,
  productBySlugInput,
  productIdInput,
  productListInput,
  removeOptionValueInput,
  reorderImagesInput,
  setProductStatusInput,
  staffProductListInput,
  updateBrandInput,
  updateCategoryInput,
  updateCurrencyInput,
  updateOptionInput,
  updateProductInput,
  updateSkusInput,
} from '@crossdock/domain/catalog';
import { idInput } from '@crossdock/domain/identity';
import { publicProcedure, router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as brandsService from './brands.service';
import * as categoriesService from './categories.service';
import { listCurrencies } from './currencies';
import * as currenciesService from './currencies.service';
import * as imagesService from './images.service';
import * as productsService from './products.service';
import * as shop from './shop.service';

const read = staffProcedure('catalog:read');
const write = staffProcedure('catalog:write');

export const catalogRouter = router({
  categories: router({
    tree: read.query(({ ctx }) => categoriesService.categoryTree(ctx.deps.db, { includeArchived: true })),
    create: write
      .input(createCategoryInput)
      .mutation(({ ctx, input }) => categoriesService.createCategory(ctx.deps, auditActor(ctx), input)),
    update: write
      .input(updateCategoryInput)
      .mutation(({ ctx, input }) => categoriesService.updateCategory(ctx.deps, auditActor(ctx), input)),
    move: write.input(moveCategoryInput).mutation(async ({ ctx, input }) => {
      await categoriesService.moveCategory(ctx.deps, auditActor(ctx), input);
      return categoriesService.categoryTree(ctx.deps.db, { includeArchived: true });
    }),
    archive: write.input(archiveInput).mutation(async ({ ctx, input }) => {
      await categoriesService.archiveCategory(ctx.deps, auditActor(ctx), input);
      return { ok: true as const };
    }),
    delete: write.input(idInput).mutation(async ({ ctx, input }) => {
      await categoriesService.deleteCategory(ctx.deps, auditActor(ctx), input.id);
      return { ok: true as const };
    }),
  }),

  brands: router({
    list: read.input(brandListInput).query(({ ctx, input }) => brandsService.listBrands(ctx.deps, input)),
    create: write
      .input(createBrandInput)
      .mutation(({ ctx, input }) => brandsService.createBrand(ctx.deps, auditActor(ctx), input)),
    update: write
      .input(updateBrandInput)
      .mutation(({ ctx, input }) => brandsService.updateBrand(ctx.deps, auditActor(ctx), input)),
  }),

  currencies: router({
    list: read.query(({ ctx }) => listCurrencies(ctx.deps.db)),
    update: staffProcedure('settings:write')
      .input(updateCurrencyInput)
      .mutation(({ ctx, input }) => currenciesService.updateCurrency(ctx.deps, auditActor(ctx), input)),
  }),

  products: router({
    list: read
      .input(staffProductListInput)
      .query(({ ctx, input }) => productsService.listProductsForStaff(ctx.deps, input)),
    get: read
      .input(productIdInput)
      .query(({ ctx, input }) => productsService.productDetail(ctx.deps.db, input.id)),
    create: write
      .input(createProductInput)
      .mutation(({ ctx, input }) => productsService.createProduct(ctx.deps, auditActor(ctx), input)),
    update: write
      .input(updateProductInput)
      .mutation(({ ctx, input }) => productsService.updateProduct(ctx.deps, auditActor(ctx), input)),
    addOptionValues: write
      .input(addOptionValuesInput)
      .mutation(({ ctx, input }) => productsService.addOptionValues(ctx.deps, auditActor(ctx), input)),
    updateOption: write
      .input(updateOptionInput)
      .mutation(({ ctx, input }) => productsService.updateOption(ctx.deps, auditActor(ctx), input)),
    removeOptionValue: write
      .input(removeOptionValueInput)
      .mutation(({ ctx, input }) => productsService.removeOptionValue(ctx.deps, auditActor(ctx), input)),
    updateSkus: write
      .input(updateSkusInput)
      .mutation(({ ctx, input }) => productsService.updateSkus(ctx.deps, auditActor(ctx), input)),
    setStatus: staffProcedure('catalog:publish')
      .input(setProductStatusInput)
      .mutation(({ ctx, input }) => productsService.setProductStatus(ctx.deps, auditActor(ctx), input)),
    reorderImages: write.input(reorderImagesInput).mutation(async ({ ctx, input }) => {
      await imagesService.reorderImages(ctx.deps, auditActor(ctx), input);
      return productsService.productDetail(ctx.deps.db, input.productId);
    }),
    setImageAlt: write.input(imageAltInput).mutation(async ({ ctx, input }) => {
      await imagesService.updateImageAlt(ctx.deps, auditActor(ctx), input);
      return productsService.productDetail(ctx.deps.db, input.productId);
    }),
    deleteImage: write.input(imageRefInput).mutation(async ({ ctx, input }) => {
      await imagesService.deleteImage(ctx.deps, auditActor(ctx), input);
      return productsService.productDetail(ctx.deps.db, input.productId);
    }),
    previewPriceChange: staffProcedure('catalog:write', { auditExempt: 'a preview changes nothing' })
      .input(priceChangePreviewInput)
      .mutation(({ ctx, input }) =>
        productsService.bulkPriceChange(ctx.deps, auditActor(ctx), { ...input, apply: false }),
      ),
    bulkPriceChange: write
      .input(bulkPriceChangeInput)
      .mutation(({ ctx, input }) => productsService.bulkPriceChange(ctx.deps, auditActor(ctx), input)),
  }),
});

export const shopRouter = router({
  products: publicProcedure
    .input(productListInput)
    .query(({ ctx, input }) => shop.cachedProducts(ctx.deps, input, ctx.req.cacheDependencies)),
  facets: publicProcedure
    .input(productListInput)
    .query(({ ctx, input }) => shop.cachedFacets(ctx.deps, input, ctx.req.cacheDependencies)),
  categories: publicProcedure
    .input(categoryTreeInput)
    .query(({ ctx, input }) => shop.cachedCategoryTree(ctx.deps, input.locale, ctx.req.cacheDependencies)),
  product: publicProcedure
    .input(productBySlugInput)
    .query(({ ctx, input }) => shop.cachedProductPage(ctx.deps, input, ctx.req.cacheDependencies)),
});

/**
 * The shop reads whose answer is a pure function of their input and the catalog's version
 * counters (each reports them to `ctx.req.cacheDependencies`), so whole responses may be kept
 * by the HTTP response cache (http/response-cache.ts).
 */
export const responseCachedProcedures: ReadonlySet<string> = new Set(
  (
    ['products', 'facets', 'categories', 'product'] as const satisfies readonly (keyof typeof shopRouter)[]
  ).map((name) => `shop.${name}`),
);
