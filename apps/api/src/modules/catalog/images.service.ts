// Product photos for staff: add (processed and stored before the row is written), reorder,
// set alt text, delete. Blobs of a deleted photo are removed after the row is gone.

import type { Executor, Tx } from '@crossdock/db/client';
import { productImages, products } from '@crossdock/db/schema';
import type { LocalizedText } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { type Actor, writeAudit } from '../identity/audit';
import { type ImageSize, imageSizes, imageUrls, processImage, variantKey } from './images';
import { catalogWrite, productSlug } from './write';

async function productFor(tx: Executor, productId: string) {
  const [product] = await tx
    .select({ id: products.id, slug: products.slug })
    .from(products)
    .where(eq(products.id, productId))
    .for('update');
  if (!product) throw new DomainError('NOT_FOUND', 'No product with this id');
  return product;
}

export async function addProductImage(
  deps: AppDeps,
  actor: Actor,
  input: { productId: string; data: Buffer; alt: LocalizedText | null },
) {
  const processed = await processImage(input.data);
  const imageId = crypto.randomUUID();
  const prefix = `products/${input.productId}/${imageId}`;
  const keys = processed.variants.map((v) => variantKey(prefix, v.size));
  await Promise.all(processed.variants.map((v) => deps.blobs.put(variantKey(prefix, v.size), v.data)));
  try {
    return await catalogWrite(deps, productSlug, async (tx: Tx) => {
      const product = await productFor(tx, input.productId);
      const [next] = await tx
        .select({ n: sql<number>`coalesce(max(${productImages.position}) + 1, 0)::int` })
        .from(productImages)
        .where(eq(productImages.productId, product.id));
      const [row] = await tx
        .insert(productImages)
        .values({
          id: imageId,
          productId: product.id,
          position: next?.n ?? 0,
          alt: input.alt,
          blobPrefix: prefix,
          width: processed.width,
          height: processed.height,
        })
        .returning();
      await writeAudit(tx, actor, {
        action: 'product.image_added',
        entityType: 'product',
        entityId: product.id,
        after: row,
      });
      return { slug: product.slug, image: { ...row!, urls: imageUrls(prefix) } };
    });
  } catch (error) {
    await deps.blobs.delete(keys); // the row was not written: leave no orphans
    throw error;
  }
}

/** Sets the order of a product's photos; the list must name each of them exactly once. */
export function reorderImages(deps: AppDeps, actor: Actor, input: { productId: string; imageIds: string[] }) {
  return catalogWrite(deps, productSlug, async (tx: Tx) => {
    const product = await productFor(tx, input.productId);
    const current = await tx
      .select({ id: productImages.id })
      .from(productImages)
      .where(eq(productImages.productId, product.id));
    const ids = new Set(current.map((c) => c.id));
    if (
      input.imageIds.length !== ids.size ||
      !input.imageIds.every((id) => ids.has(id)) ||
      new Set(input.imageIds).size !== ids.size
    ) {
      throw new DomainError('VALIDATION_FAILED', 'List every photo of this product exactly once');
    }
    for (const [position, id] of input.imageIds.entries()) {
      await tx.update(productImages).set({ position }).where(eq(productImages.id, id));
    }
    await writeAudit(tx, actor, {
      action: 'product.images_reordered',
      entityType: 'product',
      entityId: product.id,
      after: input.imageIds,
    });
    return { slug: product.slug };
  });
}

export function updateImageAlt(
  deps: AppDeps,
  actor: Actor,
  input: { productId: string; imageId: string; alt: LocalizedText | null },
) {
  return catalogWrite(deps, productSlug, async (tx: Tx) => {
    const product = await productFor(tx, input.productId);
    const [row] = await tx
      .update(productImages)
      .set({ alt: input.alt })
      .where(and(eq(productImages.id, input.imageId), eq(productImages.productId, product.id)))
      .returning();
    if (!row) throw new DomainError('NOT_FOUND', 'This product has no such photo');
    await writeAudit(tx, actor, {
      action: 'product.image_alt_changed',
      entityType: 'product',
      entityId: product.id,
      after: row,
    });
    return { slug: product.slug };
  });
}

export async function deleteImage(
  deps: AppDeps,
  actor: Actor,
  input: { productId: string; imageId: string },
) {
  const removed = await catalogWrite(deps, productSlug, async (tx: Tx) => {
    const product = await productFor(tx, input.productId);
    const [row] = await tx
      .delete(productImages)
      .where(and(eq(productImages.id, input.imageId), eq(productImages.productId, product.id)))
      .returning();
    if (!row) throw new DomainError('NOT_FOUND', 'This product has no such photo');
    await writeAudit(tx, actor, {
      action: 'product.image_deleted',
      entityType: 'product',
      entityId: product.id,
      before: row,
    });
    return { slug: product.slug, prefix: row.blobPrefix };
  });
  await deps.blobs.delete(
    (Object.keys(imageSizes) as ImageSize[]).map((size) => variantKey(removed.prefix, size)),
  );
}

/** Photos of these products in order, with their URLs. */
export async function imagesOf(db: Executor, productIds: string[]) {
  if (productIds.length === 0) return [];
  const rows = await db
    .select()
    .from(productImages)
    .where(inArray(productImages.productId, productIds))
    .orderBy(asc(productImages.productId), asc(productImages.position));
  return rows.map((row) => ({ ...row, urls: imageUrls(row.blobPrefix) }));
}
