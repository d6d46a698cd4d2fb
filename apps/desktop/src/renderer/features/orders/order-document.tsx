// A packing slip or an invoice for one order, laid out for paper: print it, or save it as a PDF
// (through the bridge: Electron's print-to-PDF; in a browser, the print dialog).

import { failureMessage } from '@crossdock/domain/messages';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Spin } from 'antd';
import { Link, useParams } from 'react-router';
import { bridge } from '../../lib/bridge';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi } from '../../lib/session';

const style = `
  .document { max-width: 760px; margin: 0 auto; padding: 32px; background: #fff; color: #111; font-size: 13px; }
  .document h1 { font-size: 22px; margin: 0 0 4px; }
  .document table { width: 100%; border-collapse: collapse; margin: 16px 0; }
  .document th, .document td { border-bottom: 1px solid #ddd; padding: 6px 4px; text-align: left; }
  .document td.n, .document th.n { text-align: right; }
  .document .parties { display: flex; justify-content: space-between; gap: 24px; margin: 16px 0; }
  @media print { .no-print { display: none !important; } body { background: #fff; } }
`;

export function OrderDocument() {
  const { id = '', kind = 'packing-slip' } = useParams();
  const { t, locale } = usePrefs();
  const api = useApi();
  const order = useQuery({ queryKey: ['order', id], queryFn: () => api.orders.get.query({ id }) });
  if (order.isPending) return <Spin />;
  if (order.isError) return <Alert type="error" title={failureMessage(order.error)} />;
  const o = order.data;
  const invoice = kind === 'invoice';
  const title = invoice ? t('doc.invoice') : t('doc.packingSlip');
  const a = o.shippingAddress;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
  const money = (m: typeof o.total) => formatMoney(m, locale);
  return (
    <div>
      <style>{style}</style>
      <Space className="no-print" style={{ padding: 16 }}>
        <Link to={`/orders/${o.id}`}>{t('order.back')}</Link>
        <Button type="primary" onClick={() => void bridge.print({ toPdf: false })}>
          {t('doc.print')}
        </Button>
        <Button onClick={() => void bridge.print({ toPdf: true, defaultName: `${o.number}-${kind}.pdf` })}>
          {t('doc.pdf')}
        </Button>
      </Space>
      <article className="document" data-testid="document">
        <h1>
          {title} {o.number}
        </h1>
        <div>{when.format(o.placedAt)}</div>
        <div className="parties">
          <div>
            <strong>Crossdock</strong>
          </div>
          <address>
            <strong>{t('doc.shipTo')}</strong>
            <br />
            {a.name}
            <br />
            {a.line1}
            {a.line2 ? (
              <>
                <br />
                {a.line2}
              </>
            ) : null}
            <br />
            {[a.postalCode, a.city, a.region].filter(Boolean).join(' ')}
            <br />
            {a.country}
          </address>
        </div>
        <table>
          <thead>
            <tr>
              <th>SKU</th>
              <th>{t('doc.item')}</th>
              <th className="n">{t('doc.quantity')}</th>
              {invoice ? <th className="n">{t('orders.total')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {o.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.skuCode}</td>
                <td>
                  {l.title}
                  {l.options ? ` — ${l.options}` : ''}
                </td>
                <td className="n">{l.quantity}</td>
                {invoice ? <td className="n">{money(l.total)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
        {invoice ? (
          <table>
            <tbody>
              <tr>
                <td>{t('doc.subtotal')}</td>
                <td className="n">{money(o.subtotal)}</td>
              </tr>
              <tr>
                <td>{t('doc.discounts')}</td>
                <td className="n">−{money(o.lineDiscount)}</td>
              </tr>
              <tr>
                <td>{t('doc.shipping')}</td>
                <td className="n">{money(o.shipping)}</td>
              </tr>
              <tr>
                <td>{o.taxInclusive ? t('doc.taxIncluded') : t('doc.tax')}</td>
                <td className="n">{money(o.tax)}</td>
              </tr>
              {o.refunded.amount > 0 ? (
                <tr>
                  <td>{t('order.refunds')}</td>
                  <td className="n">−{money(o.refunded)}</td>
                </tr>
              ) : null}
              <tr>
                <td>
                  <strong>{t('orders.total')}</strong>
                </td>
                <td className="n">
                  <strong>{money(o.total)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        ) : (
          <p>{o.shippingMethod}</p>
        )}
      </article>
    </div>
  );
}
