// Amazon's order acknowledgement feed (POST_ORDER_ACKNOWLEDGEMENT_DATA) and the processing report
// Amazon answers a feed with, as XML in Amazon's envelope (amzn-envelope.xsd,
// OrderAcknowledgement.xsd, ProcessingReport.xsd). A seller acknowledges an order with
// StatusCode Success and its own order number (MerchantOrderID); Failure cancels an order not
// yet shipped, with a CancelReason per item. Our adapter writes the feed and reads the report;
// the simulated Amazon reads the feed and writes the report with the same code.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const ORDER_ACKNOWLEDGEMENT_FEED = 'POST_ORDER_ACKNOWLEDGEMENT_DATA';
export const FEED_CONTENT_TYPE = 'text/xml; charset=UTF-8';

/** The reasons Amazon takes for a seller's cancellation (OrderAcknowledgement.xsd's CancelReason). */
export const AMAZON_CANCEL_REASONS = [
  'NoInventory',
  'ShippingAddressUndeliverable',
  'CustomerExchange',
  'BuyerCanceled',
  'GeneralAdjustment',
  'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid',
  'CarrierCoverageFailure',
  'CustomerReturn',
  'MerchandiseNotReceived',
] as const;
export type AmazonCancelReason = (typeof AMAZON_CANCEL_REASONS)[number];

/** One message of the feed: an order accepted, or refused (cancelled) item by item. */
export interface OrderAcknowledgementMessage {
  messageId: number;
  amazonOrderId: string;
  merchantOrderId: string | null;
  status: 'Success' | 'Failure';
  items: { amazonOrderItemCode: string; cancelReason: AmazonCancelReason | null }[];
}

/** A message Amazon could not take, by the MessageID it was sent with. */
export interface ProcessingResult {
  messageId: number;
  code: 'Error' | 'Warning';
  messageCode: string;
  description: string;
  amazonOrderId: string | null;
}

export interface ProcessingReport {
  status: string;
  processed: number;
  successful: number;
  withError: number;
  withWarning: number;
  results: ProcessingResult[];
}

const builder = new XMLBuilder({ format: true, suppressEmptyNode: true, ignoreAttributes: false });
// Elements that may repeat are always lists, so one message reads like many.
const repeated = new Set(['Message', 'Item', 'Result']);
const parser = new XMLParser({
  isArray: (name) => repeated.has(name),
  parseTagValue: false,
  trimValues: true,
});

const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
const envelope = (merchantId: string, messageType: string, messages: unknown[], version: string) =>
  declaration +
  builder.build({
    AmazonEnvelope: {
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:noNamespaceSchemaLocation': 'amzn-envelope.xsd',
      Header: { DocumentVersion: version, MerchantIdentifier: merchantId },
      MessageType: messageType,
      Message: messages,
    },
  });

/** The feed for `messages`, from the seller `merchantId` (its selling partner id). */
export function orderAcknowledgementFeed(
  merchantId: string,
  messages: readonly OrderAcknowledgementMessage[],
): string {
  return envelope(
    merchantId,
    'OrderAcknowledgement',
    messages.map((m) => ({
      MessageID: m.messageId,
      OrderAcknowledgement: {
        AmazonOrderID: m.amazonOrderId,
        ...(m.merchantOrderId ? { MerchantOrderID: m.merchantOrderId } : {}),
        StatusCode: m.status,
        ...(m.items.length
          ? {
              Item: m.items.map((i) => ({
                AmazonOrderItemCode: i.amazonOrderItemCode,
                ...(i.cancelReason ? { CancelReason: i.cancelReason } : {}),
              })),
            }
          : {}),
      },
    })),
    '1.01',
  );
}

type Node = Record<string, unknown>;
const text = (node: Node | undefined, key: string): string | null => {
  const value = node?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
};

/** The root of an envelope of `messageType`, or a description of what is wrong with it. */
function readEnvelope(xml: string, messageType: string): { messages: Node[] } | { problem: string } {
  let document: Node;
  try {
    document = parser.parse(xml, true) as Node;
  } catch (error) {
    return { problem: `not XML: ${(error as Error).message}` };
  }
  const root = document.AmazonEnvelope as Node | undefined;
  if (!root) return { problem: 'no AmazonEnvelope' };
  if (text(root, 'MessageType') !== messageType) {
    return { problem: `MessageType is ${text(root, 'MessageType') ?? 'missing'}, not ${messageType}` };
  }
  return { messages: (root.Message as Node[] | undefined) ?? [] };
}

/**
 * The messages of an order acknowledgement feed, or why it cannot be read as one. A message
 * lacking what OrderAcknowledgement.xsd requires comes back with what it lacks, for the report.
 */
export function readOrderAcknowledgementFeed(
  xml: string,
):
  | { messages: (OrderAcknowledgementMessage | { messageId: number; problem: string })[] }
  | { problem: string } {
  const read = readEnvelope(xml, 'OrderAcknowledgement');
  if ('problem' in read) return read;
  return {
    messages: read.messages.map((message, index) => {
      const messageId = Number(text(message, 'MessageID') ?? index + 1);
      const ack = message.OrderAcknowledgement as Node | undefined;
      const amazonOrderId = text(ack, 'AmazonOrderID');
      const status = text(ack, 'StatusCode');
      if (!amazonOrderId) return { messageId, problem: 'AmazonOrderID is required' };
      if (status !== 'Success' && status !== 'Failure')
        return { messageId, problem: `StatusCode ${status ?? 'missing'} is not Success or Failure` };
      const items = ((ack?.Item as Node[] | undefined) ?? []).map((item) => ({
        amazonOrderItemCode: text(item, 'AmazonOrderItemCode') ?? '',
        cancelReason: text(item, 'CancelReason') as AmazonCancelReason | null,
      }));
      const unknownReason = items.find(
        (i) => i.cancelReason && !AMAZON_CANCEL_REASONS.includes(i.cancelReason),
      );
      if (unknownReason)
        return { messageId, problem: `CancelReason ${unknownReason.cancelReason} is not valid` };
      return { messageId, amazonOrderId, merchantOrderId: text(ack, 'MerchantOrderID'), status, items };
    }),
  };
}

/** The processing report of a feed, as Amazon writes it. */
export function processingReportXml(merchantId: string, feedId: string, report: ProcessingReport): string {
  return envelope(
    merchantId,
    'ProcessingReport',
    [
      {
        MessageID: 1,
        ProcessingReport: {
          DocumentTransactionID: feedId,
          StatusCode: report.status,
          ProcessingSummary: {
            MessagesProcessed: report.processed,
            MessagesSuccessful: report.successful,
            MessagesWithError: report.withError,
            MessagesWithWarning: report.withWarning,
          },
          Result: report.results.map((r) => ({
            MessageID: r.messageId,
            ResultCode: r.code,
            ResultMessageCode: r.messageCode,
            ResultDescription: r.description,
            ...(r.amazonOrderId ? { AdditionalInfo: { AmazonOrderID: r.amazonOrderId } } : {}),
          })),
        },
      },
    ],
    '1.02',
  );
}

/** A processing report read back, or why it cannot be. */
export function readProcessingReport(xml: string): ProcessingReport | { problem: string } {
  const read = readEnvelope(xml, 'ProcessingReport');
  if ('problem' in read) return read;
  const report = read.messages[0]?.ProcessingReport as Node | undefined;
  const summary = report?.ProcessingSummary as Node | undefined;
  if (!report || !summary) return { problem: 'no ProcessingReport' };
  const count = (key: string) => Number(text(summary, key) ?? 0);
  return {
    status: text(report, 'StatusCode') ?? '',
    processed: count('MessagesProcessed'),
    successful: count('MessagesSuccessful'),
    withError: count('MessagesWithError'),
    withWarning: count('MessagesWithWarning'),
    results: ((report.Result as Node[] | undefined) ?? []).map((r) => ({
      messageId: Number(text(r, 'MessageID') ?? 0),
      code: text(r, 'ResultCode') === 'Warning' ? 'Warning' : 'Error',
      messageCode: text(r, 'ResultMessageCode') ?? '',
      description: text(r, 'ResultDescription') ?? '',
      amazonOrderId: text(r.AdditionalInfo as Node | undefined, 'AmazonOrderID'),
    })),
  };
}
