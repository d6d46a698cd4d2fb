// Plain HTTP routes of payments and shipping, outside tRPC because providers, carriers and
// browsers speak HTML forms and raw bodies, not tRPC:
// - POST /webhooks/shopify/:shopId — a Shopify shop's order webhooks (channels module).
// - POST /payments/notify/:provider — the providers' notifications. The signature is over the
//   raw body, so this scope keeps bodies as text. POST /shipping/notify/:carrier — the same
//   for carriers' tracking events.
// - /sim/:provider/cashier/:id — the simulated providers' cashier page (a QR code and pay / fail
//   / abandon buttons). It belongs to the simulator, not to the shop; it sends the shopper back
//   to the storefront, which never takes that return as proof of payment.
import { DomainError, type ErrorCode } from '@crossdock/domain/errors';
import { carrierCodes } from '@crossdock/domain/fulfilment';
import { money, toDecimalString } from '@crossdock/domain/money';
import { type PaymentProvider, paymentProviders, providerNames } from '@crossdock/domain/payments';
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { AppDeps } from '../deps';
import { cashierAction, findTransaction } from '../infra/payment-providers/simulator-notifier';
import { handleShopifyWebhook } from '../modules/channels/webhooks.service';
import { handleTrackingNotification } from '../modules/fulfilment/fulfilment.service';
import { handleNotification } from '../modules/payments/payments.service';

const isProvider = (value: string): value is PaymentProvider =>
  (paymentProviders as readonly string[]).includes(value);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const flatHeaders = (headers: Record<string, string | string[] | undefined>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));

const statusOf: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
};

/** A refusal the provider can log; anything but 2xx makes it retry. */
function refuse(reply: FastifyReply, error: DomainError) {
  return reply.status(statusOf[error.code] ?? 400).send({ reason: error.reason, message: error.message });
}

export function notificationRoutes(deps: AppDeps) {
  return async (app: FastifyInstance) => {
    // This plugin's scope only: bodies arrive as the exact text that was signed.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    app.post<{ Params: { provider: string } }>('/payments/notify/:provider', async (request, reply) => {
      const { provider } = request.params;
      if (!isProvider(provider))
        return refuse(reply, new DomainError('UNKNOWN_PROVIDER', 'No such provider'));
      const headers = flatHeaders(request.headers);
      try {
        const outcome = await handleNotification(deps, provider, headers, String(request.body ?? ''));
        // What each provider expects back to stop retrying.
        return provider === 'alipay'
          ? reply.type('text/plain').send('success')
          : reply.send({ code: 'SUCCESS', outcome });
      } catch (error) {
        if (error instanceof DomainError) {
          request.log.warn({ provider, reason: error.reason }, 'payment notification refused');
          return refuse(reply, error);
        }
        throw error;
      }
    });

    // A marketplace's webhooks (Shopify's orders/create, orders/updated), signed over the raw body.
    app.post<{ Params: { shopId: string } }>('/webhooks/shopify/:shopId', async (request, reply) => {
      const { shopId } = request.params;
      if (!/^[0-9a-f-]{36}$/i.test(shopId))
        return refuse(reply, new DomainError('UNKNOWN_SHOP', 'No such shop'));
      try {
        const outcome = await handleShopifyWebhook(deps, shopId, {
          url: `${deps.config.publicApiUrl}${request.url}`,
          headers: request.headers,
          rawBody: String(request.body ?? ''),
        });
        return reply.send({ ok: true, outcome });
      } catch (error) {
        if (error instanceof DomainError) {
          request.log.warn({ shopId, reason: error.reason }, 'marketplace webhook refused');
          return error.code === 'SERVICE_UNAVAILABLE'
            ? reply.status(503).send({ reason: error.reason })
            : refuse(reply, error);
        }
        throw error;
      }
    });

    app.post<{ Params: { carrier: string } }>('/shipping/notify/:carrier', async (request, reply) => {
      const { carrier } = request.params;
      if (!carrierCodes.includes(carrier as never)) {
        return refuse(reply, new DomainError('NOT_FOUND', 'No such carrier'));
      }
      try {
        const outcome = await handleTrackingNotification(
          deps,
          carrier,
          flatHeaders(request.headers),
          String(request.body ?? ''),
        );
        return reply.send({ ok: true, outcome });
      } catch (error) {
        if (error instanceof DomainError) {
          request.log.warn({ carrier, reason: error.reason }, 'tracking event refused');
          return refuse(reply, error);
        }
        throw error;
      }
    });

    app.get<{ Params: { provider: string; id: string } }>(
      '/sim/:provider/cashier/:id',
      async (request, reply) => {
        const { provider, id } = request.params;
        if (!isProvider(provider)) return reply.status(404).send('No such provider');
        const t = await findTransaction(deps.db, provider, id);
        if (!t) return reply.status(404).type('text/html').send('<h1>No such payment</h1>');
        const url = `${deps.config.publicApiUrl}/sim/${provider}/cashier/${t.id}`;
        const qr = await QRCode.toString(url, { type: 'svg', margin: 1, width: 180 });
        const amount = toDecimalString(money(t.amount, t.currency));
        const name = providerNames[provider];
        const done = t.status !== 'open';
        const button = (action: string, label: string, style: string) =>
          `<form method="post" action="/sim/${provider}/cashier/${t.id}/${action}"><button class="${style}" type="submit">${label}</button></form>`;
        return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${name} cashier (simulated)</title>
<style>
  body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:grid;place-items:center;min-height:100vh;color:#1c1e21}
  main{background:#fff;border-radius:12px;box-shadow:0 2px 12px #0002;padding:28px;width:min(360px,90vw);text-align:center}
  h1{font-size:18px;margin:0 0 4px} .sim{color:#b54708;font-size:12px;margin-bottom:16px}
  .amount{font-size:28px;font-weight:600;margin:12px 0} .subject{color:#555;font-size:14px}
  form{margin:8px 0} button{width:100%;padding:10px;border-radius:8px;border:1px solid #ccc;font-size:15px;cursor:pointer}
  .pay{background:${provider === 'alipay' ? '#0958d9' : '#067a3a'};color:#fff;border:none} .fail{background:#fff} .abandon{background:#fff;color:#555}
  .status{padding:8px;border-radius:6px;background:#eef;margin:8px 0}
</style></head>
<body><main>
  <h1>${name}</h1><div class="sim">Simulated provider — no real money moves</div>
  <div class="subject">${escapeHtml(t.subject)}</div>
  <div class="amount" data-testid="cashier-amount">${escapeHtml(amount)} ${escapeHtml(t.currency)}</div>
  <div role="img" aria-label="QR code to pay">${qr}</div>
  ${
    done
      ? `<p class="status" role="status">This payment is ${t.status === 'paid' ? 'paid' : 'failed'}.</p>${
          t.status === 'failed' ? button('pay', 'Try again and pay', 'pay') : ''
        }<form method="post" action="/sim/${provider}/cashier/${t.id}/abandon"><button class="abandon" type="submit">Back to the shop</button></form>`
      : `${button('pay', `Pay ${escapeHtml(amount)} ${escapeHtml(t.currency)}`, 'pay')}${button('fail', 'Fail the payment', 'fail')}${button('abandon', 'Abandon and go back', 'abandon')}`
  }
</main></body></html>`);
      },
    );

    app.post<{ Params: { provider: string; id: string; action: string } }>(
      '/sim/:provider/cashier/:id/:action',
      async (request, reply) => {
        const { provider, id, action } = request.params;
        if (!isProvider(provider) || !['pay', 'fail', 'abandon'].includes(action)) {
          return reply.status(404).send('Not found');
        }
        const t = await cashierAction(
          deps.db,
          deps.clock,
          provider,
          id,
          action as 'pay' | 'fail' | 'abandon',
        );
        if (!t) return reply.status(404).send('No such payment');
        return reply.redirect(t.returnUrl, 303);
      },
    );
  };
}
