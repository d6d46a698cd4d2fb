// Photo uploads — product photos for staff, review photos for customers — (multipart, outside
// tRPC because tRPC carries JSON) and the media route that serves stored photos. Authentication and permissions are the same as tRPC's.

import { randomUUID } from 'node:crypto';
import { DomainError } from '@crossdock/domain/errors';
import { localeFor, refusalMessage } from '@crossdock/domain/messages';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { assertSafeKey } from '../infra/blob-store';
import { imageUrls, MAX_IMAGE_BYTES, processImage, variantKey } from '../modules/catalog/images';
import { addProductImage } from '../modules/catalog/images.service';
import { sendError, staffUploader, uploader } from './uploads';

const params = z.object({ productId: z.uuid() });

/** The answer for a photo that is not there, in the asker's language. */
function notFoundBody(request: FastifyRequest) {
  const locale = localeFor(request.headers['accept-language']);
  return {
    error: {
      message: refusalMessage({ reason: 'NOT_FOUND', message: 'Not found' }, locale),
      code: 'NOT_FOUND',
    },
  };
}

/** The one photo of a multipart upload, with its form fields; IMAGE_TOO_LARGE past the limit. */
async function uploadedPhoto(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new DomainError('VALIDATION_FAILED', 'Send the photo as multipart/form-data in a "file" field');
  }
  // A body that is not the multipart it claims to be (no boundary, cut short, too many parts)
  // makes the parser throw: that is the client's error, said plainly, never a 500.
  try {
    const file = await request.file();
    if (!file) throw new DomainError('VALIDATION_FAILED', 'Send the photo in a "file" field');
    return { data: await file.toBuffer(), fields: file.fields };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new DomainError('IMAGE_TOO_LARGE', `Photos can be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
    }
    request.log.info({ err: error }, 'malformed upload');
    throw new DomainError('VALIDATION_FAILED', 'The upload is not a valid multipart/form-data body');
  }
}

export function productImageRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 4, fieldSize: 1000 },
    });

    app.post('/uploads/products/:productId/images', async (request: FastifyRequest, reply) => {
      try {
        const user = await staffUploader(deps, request, 'catalog:write');
        const parsed = params.safeParse(request.params);
        if (!parsed.success) throw new DomainError('NOT_FOUND', 'No product with this id');
        const file = await uploadedPhoto(request);
        const field = (name: string) => {
          const value = file.fields[name];
          return value && !Array.isArray(value) && value.type === 'field'
            ? String(value.value).trim().slice(0, 300)
            : '';
        };
        const altEn = field('alt_en');
        const altZh = field('alt_zh');
        const result = await addProductImage(
          deps,
          { id: user.id, ip: request.ip, requestId: request.id, at: deps.clock.now() },
          {
            productId: parsed.data.productId,
            data: file.data,
            alt: altEn ? { en: altEn, ...(altZh ? { 'zh-CN': altZh } : {}) } : null,
          },
        );
        return reply.status(201).send({ image: result.image });
      } catch (error) {
        if (error instanceof DomainError) return sendError(request, reply, error);
        throw error;
      }
    });

    // A photo for a review, uploaded before the review is sent: stored under the customer's own
    // prefix, which is the id the review then names (createReview checks it is theirs).
    app.post('/uploads/reviews/images', async (request: FastifyRequest, reply) => {
      try {
        const user = await uploader(deps, request);
        if (user.kind !== 'customer') throw new DomainError('CUSTOMER_ONLY', 'This is for customer accounts');
        const { data } = await uploadedPhoto(request);
        const processed = await processImage(data);
        const prefix = `reviews/${user.id}/${randomUUID()}`;
        await Promise.all(processed.variants.map((v) => deps.blobs.put(variantKey(prefix, v.size), v.data)));
        return reply.status(201).send({ imageId: prefix, urls: imageUrls(prefix) });
      } catch (error) {
        if (error instanceof DomainError) return sendError(request, reply, error);
        throw error;
      }
    });

    app.get('/media/*', async (request, reply) => {
      const key = (request.params as { '*': string })['*'];
      try {
        assertSafeKey(key);
      } catch {
        return reply.status(404).send(notFoundBody(request));
      }
      const data = await deps.blobs.get(key);
      if (!data) return reply.status(404).send(notFoundBody(request));
      // Keys are unique per upload, so a stored photo never changes.
      return reply
        .header('content-type', key.endsWith('.webp') ? 'image/webp' : 'application/octet-stream')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(data);
    });
  };
}
