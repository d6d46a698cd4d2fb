import { describe, expect, it } from 'vitest';
import {
  orderAcknowledgementFeed,
  processingReportXml,
  readOrderAcknowledgementFeed,
  readProcessingReport,
} from './amazon-feeds';

describe('the order acknowledgement feed', () => {
  const feed = orderAcknowledgementFeed('A1LUMENEU', [
    {
      messageId: 1,
      amazonOrderId: '302-1234567-1234567',
      merchantOrderId: 'SO-2026-000042',
      status: 'Success',
      items: [],
    },
    {
      messageId: 2,
      amazonOrderId: '302-7654321-7654321',
      merchantOrderId: 'SO-2026-000043',
      status: 'Failure',
      items: [
        { amazonOrderItemCode: '53287462834271', cancelReason: 'NoInventory' },
        { amazonOrderItemCode: '53287462834272', cancelReason: 'NoInventory' },
      ],
    },
  ]);

  it('is written in Amazon’s envelope, one message per order, Failure with a reason per item', () => {
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<AmazonEnvelope /);
    expect(feed).toContain('xsi:noNamespaceSchemaLocation="amzn-envelope.xsd"');
    expect(feed).toContain('<MerchantIdentifier>A1LUMENEU</MerchantIdentifier>');
    expect(feed).toContain('<MessageType>OrderAcknowledgement</MessageType>');
    expect(feed.match(/<Message>/g)).toHaveLength(2);
    expect(feed).toMatch(
      /<AmazonOrderID>302-7654321-7654321<\/AmazonOrderID>\s*<MerchantOrderID>SO-2026-000043<\/MerchantOrderID>\s*<StatusCode>Failure<\/StatusCode>\s*<Item>\s*<AmazonOrderItemCode>53287462834271<\/AmazonOrderItemCode>\s*<CancelReason>NoInventory<\/CancelReason>/,
    );
  });

  it('reads back as it was written', () => {
    expect(readOrderAcknowledgementFeed(feed)).toEqual({
      messages: [
        {
          messageId: 1,
          amazonOrderId: '302-1234567-1234567',
          merchantOrderId: 'SO-2026-000042',
          status: 'Success',
          items: [],
        },
        {
          messageId: 2,
          amazonOrderId: '302-7654321-7654321',
          merchantOrderId: 'SO-2026-000043',
          status: 'Failure',
          items: [
            { amazonOrderItemCode: '53287462834271', cancelReason: 'NoInventory' },
            { amazonOrderItemCode: '53287462834272', cancelReason: 'NoInventory' },
          ],
        },
      ],
    });
  });

  it('says what is wrong with a feed it cannot take, and with each message it cannot', () => {
    expect(readOrderAcknowledgementFeed('<AmazonEnvelope><Message>')).toMatchObject({
      problem: expect.stringMatching(/^not XML/),
    });
    expect(
      readOrderAcknowledgementFeed(feed.replace('OrderAcknowledgement</MessageType>', 'Price</MessageType>')),
    ).toEqual({
      problem: 'MessageType is Price, not OrderAcknowledgement',
    });
    const read = readOrderAcknowledgementFeed(
      feed
        .replace('<AmazonOrderID>302-1234567-1234567</AmazonOrderID>', '')
        .replaceAll('NoInventory', 'TooExpensive'),
    );
    expect(read).toEqual({
      messages: [
        { messageId: 1, problem: 'AmazonOrderID is required' },
        { messageId: 2, problem: 'CancelReason TooExpensive is not valid' },
      ],
    });
  });
});

describe('the processing report', () => {
  it('reads a report as Amazon writes it: the summary and each message it refused', () => {
    const amazons = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header>
    <DocumentVersion>1.02</DocumentVersion>
    <MerchantIdentifier>A1LUMENEU</MerchantIdentifier>
  </Header>
  <MessageType>ProcessingReport</MessageType>
  <Message>
    <MessageID>1</MessageID>
    <ProcessingReport>
      <DocumentTransactionID>50012345678</DocumentTransactionID>
      <StatusCode>Complete</StatusCode>
      <ProcessingSummary>
        <MessagesProcessed>2</MessagesProcessed>
        <MessagesSuccessful>1</MessagesSuccessful>
        <MessagesWithError>1</MessagesWithError>
        <MessagesWithWarning>0</MessagesWithWarning>
      </ProcessingSummary>
      <Result>
        <MessageID>2</MessageID>
        <ResultCode>Error</ResultCode>
        <ResultMessageCode>18032</ResultMessageCode>
        <ResultDescription>The order has shipped</ResultDescription>
        <AdditionalInfo>
          <AmazonOrderID>302-7654321-7654321</AmazonOrderID>
        </AdditionalInfo>
      </Result>
    </ProcessingReport>
  </Message>
</AmazonEnvelope>`;
    expect(readProcessingReport(amazons)).toEqual({
      status: 'Complete',
      processed: 2,
      successful: 1,
      withError: 1,
      withWarning: 0,
      results: [
        {
          messageId: 2,
          code: 'Error',
          messageCode: '18032',
          description: 'The order has shipped',
          amazonOrderId: '302-7654321-7654321',
        },
      ],
    });
  });

  it('reads back what the simulated Amazon writes, and refuses what is not a report', () => {
    const report = {
      status: 'Complete',
      processed: 3,
      successful: 3,
      withError: 0,
      withWarning: 0,
      results: [],
    };
    expect(readProcessingReport(processingReportXml('A1LUMENEU', '50012345678', report))).toEqual(report);
    expect(readProcessingReport(orderAcknowledgementFeed('A1LUMENEU', []))).toEqual({
      problem: 'MessageType is OrderAcknowledgement, not ProcessingReport',
    });
  });
});
