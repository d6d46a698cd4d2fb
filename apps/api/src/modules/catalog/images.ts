// Product photos: checked by content (not by name), oriented, stripped of EXIF and other
// metadata, and stored once per display size as WebP. A file that is not an image of an
// accepted format, or is broken, is refused before anything is stored.

import { DomainError } from '@crossdock/domain/errors';
import sharp from 'sharp';

export { MAX_IMAGE_BYTES } from '@crossdock/domain/catalog-constants';
export const imageSizes = { thumb: 160, card: 480, detail: 960, zoom: 1600 } as const;
export type ImageSize = keyof typeof imageSizes;

const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'avif', 'heif', 'gif', 'tiff']);

export interface ProcessedImage {
  width: number;
  height: number;
  variants: { size: ImageSize; data: Buffer }[];
}

/** `effort` trades encoding time for size (0–6); uploads use the default, the demo seed 0. */
export async function processImage(
  input: Buffer,
  options: { effort?: number } = {},
): Promise<ProcessedImage> {
  let format: string | undefined;
  try {
    format = (await sharp(input, { failOn: 'error' }).metadata()).format;
  } catch {
    throw new DomainError(
      'UNSUPPORTED_IMAGE',
      'This file is not an image we can read; upload a JPEG, PNG, WebP or AVIF photo',
    );
  }
  if (!format || !ACCEPTED.has(format)) {
    throw new DomainError(
      'UNSUPPORTED_IMAGE',
      `Images must be JPEG, PNG, WebP or AVIF, not ${format ?? 'this kind of file'}`,
    );
  }
  try {
    // One decode shared by every size; rotate() applies the EXIF orientation, and the output
    // carries no metadata unless asked for.
    const source = sharp(input, { failOn: 'error' }).rotate();
    const variants = await Promise.all(
      (Object.entries(imageSizes) as [ImageSize, number][]).map(async ([size, edge]) => ({
        size,
        data: await source
          .clone()
          .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 82, effort: options.effort ?? 4 })
          .toBuffer(),
      })),
    );
    const largest = await sharp(variants.at(-1)!.data).metadata();
    return { width: largest.width ?? 0, height: largest.height ?? 0, variants };
  } catch {
    throw new DomainError('INVALID_IMAGE', 'This image is damaged or incomplete; export it again and retry');
  }
}

export const variantKey = (prefix: string, size: ImageSize) => `${prefix}-${size}.webp`;

export function imageUrls(prefix: string): Record<ImageSize, string> {
  return Object.fromEntries(
    (Object.keys(imageSizes) as ImageSize[]).map((size) => [size, `/media/${variantKey(prefix, size)}`]),
  ) as Record<ImageSize, string>;
}
