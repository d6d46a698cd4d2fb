// The upload of a marketplace file (multipart: a `shopId` field, then the `file`), streamed into
// blob storage as it arrives and answered with what the file is and its first rows checked.
// Staff with channels:write only; refusals in tRPC's shape and the asker's language.
import { MAX_IMPORT_BYTES } from '@crossdock/domain/channel-imports';
import { DomainError } from '@crossdock/domain/errors';
import { localeFor } from '@crossdock/domain/messages';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { inLocale } from '../infra/request-locale';
import { uploadImport } from '../modules/channels/imports.service';
import { sendError, staffUploader } from './uploads';

const shopIdField = z.uuid();

export function channelImportRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app) => {
    // The service stops a file at MAX_IMPORT_BYTES with its own words; this is the parser's backstop.
    await app.register(multipart, {
      limits: { fileSize: MAX_IMPORT_BYTES * 2, files: 1, fields: 2, fieldSize: 200 },
    });

    app.post('/uploads/channel-imports', async (request, reply) => {
      const locale = localeFor(request.headers['accept-language']);
      try {
        const user = await staffUploader(deps, request, 'channels:write');
        if (!request.isMultipart()) {
          throw new DomainError(
            'VALIDATION_FAILED',
            'Send the file as multipart/form-data: a "shopId" field, then "file"',
          );
        }
        let file: Awaited<ReturnType<typeof request.file>>;
        try {
          file = await request.file();
        } catch (error) {
          request.log.info({ err: error }, 'malformed upload');
          throw new DomainError('VALIDATION_FAILED', 'The upload is not a valid multipart/form-data body');
        }
        if (!file) throw new DomainError('VALIDATION_FAILED', 'Send the file in a "file" field');
        const shopField = file.fields.shopId;
        const shopId = shopIdField.safeParse(
          shopField && !Array.isArray(shopField) && shopField.type === 'field' ? shopField.value : undefined,
        );
        if (!shopId.success) {
          file.file.resume();
          throw new DomainError('VALIDATION_FAILED', 'Name the shop in a "shopId" field before the file');
        }
        const result = await inLocale(locale, () =>
          uploadImport(
            deps,
            { id: user.id, ip: request.ip, requestId: request.id, at: deps.clock.now() },
            { shopId: shopId.data, fileName: file.filename || 'upload.txt', file: file.file },
          ),
        );
        return reply.status(201).send(result);
      } catch (error) {
        if (error instanceof DomainError) return inLocale(locale, () => sendError(request, reply, error));
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          return sendError(
            request,
            reply,
            new DomainError('IMPORT_TOO_LARGE', 'The file is too large', {
              limitMb: MAX_IMPORT_BYTES / 1024 / 1024,
            }),
          );
        }
        throw error;
      }
    });
  };
}
