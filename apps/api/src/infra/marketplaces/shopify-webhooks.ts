// Shopify's webhooks, checked by Shopify's own library (@shopify/shopify-api): the HMAC-SHA256
// of the raw body under the app's secret, in X-Shopify-Hmac-Sha256, and the headers every
// webhook carries (topic, shop domain, webhook id, API version). Our simulator signs the way
// Shopify does, so a simulator that signed otherwise would be refused here as a forgery is.
import '@shopify/shopify-api/adapters/web-api';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';

export type ShopifyWebhookCheck =
  | { valid: true; topic: string; domain: string; webhookId: string }
  | { valid: false; reason: string };

/** Whether a request is a webhook Shopify sent, signed with `secret`. */
export async function checkShopifyWebhook(
  secret: string,
  request: { url: string; headers: Record<string, string | string[] | undefined>; rawBody: string },
): Promise<ShopifyWebhookCheck> {
  const shopify = shopifyApi({
    apiKey: 'crossdock',
    apiSecretKey: secret,
    apiVersion: ApiVersion.October25,
    isEmbeddedApp: false,
    hostName: new URL(request.url).host,
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const check = await shopify.webhooks.validate({
    rawBody: request.rawBody,
    rawRequest: new Request(request.url, { method: 'POST', headers }),
    rawResponse: new Response(),
  });
  if (!check.valid) return { valid: false, reason: check.reason };
  if (check.webhookType !== 'webhooks') return { valid: false, reason: 'not_a_webhook' };
  return { valid: true, topic: check.topic, domain: check.domain, webhookId: check.webhookId };
}
