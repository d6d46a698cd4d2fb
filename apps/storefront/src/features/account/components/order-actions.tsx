// What a customer can do with a paid order: confirm it arrived, or ask for money back (a
// cancellation before it ships, or a return of some items within 14 days of delivery).
import { failureMessage } from '@crossdock/domain/messages';
import { requestRefundInput } from '@crossdock/domain/payments';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useShopper } from '../../../lib/i18n';
import { api, type OrderDetail } from '../../../lib/trpc';

function useOrderUpdate(orderId: string) {
  const client = useQueryClient();
  // A reload already under way (a live update) is stopped first, or its older answer would land
  // after this one.
  return async (next: OrderDetail) => {
    await client.cancelQueries({ queryKey: ['order', orderId] });
    client.setQueryData(['order', orderId], next);
    void client.invalidateQueries({ queryKey: ['orders'] });
  };
}

export function ConfirmReceipt({ order }: { order: OrderDetail }) {
  const { t } = useShopper();
  const update = useOrderUpdate(order.id);
  const confirm = useMutation({
    mutationFn: () => api.account.orders.confirmReceipt.mutate({ id: order.id }),
    onSuccess: update,
  });
  if (!order.actions.includes('complete')) return null;
  return (
    <div className="notice">
      <p>{t('receipt.confirmHint')}</p>
      <button type="button" className="primary" onClick={() => confirm.mutate()} disabled={confirm.isPending}>
        {t('receipt.confirm')}
      </button>
      {confirm.error ? <p className="warning">{failureMessage(confirm.error)}</p> : null}
    </div>
  );
}

export function RefundRequest({ order }: { order: OrderDetail }) {
  const { t } = useShopper();
  const update = useOrderUpdate(order.id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const isReturn = order.status === 'delivered' || order.status === 'completed';
  const input = () => {
    const lines = Object.entries(quantities)
      .filter(([, q]) => q > 0)
      .map(([orderLineId, quantity]) => ({ orderLineId, quantity }));
    return { orderId: order.id, reason, ...(lines.length ? { lines } : {}) };
  };
  const request = useMutation({
    mutationFn: () => api.account.orders.requestRefund.mutate(input()),
    onSuccess: (next) => {
      void update(next);
      setOpen(false);
    },
  });
  if (!order.actions.includes('request_refund')) {
    return order.status === 'refund_requested' ? <p className="notice">{t('refund.sent')}</p> : null;
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {isReturn ? t('refund.askReturn') : t('refund.ask')}
      </button>
    );
  }
  return (
    <form
      className="refund-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        // Checked with the API's own contract first: an empty reason says so, on the field.
        const checked = requestRefundInput.safeParse(input());
        const reasonIssue = checked.error?.issues.find((issue) => issue.path[0] === 'reason');
        setProblem(reasonIssue ? t('refund.reasonNeeded') : null);
        if (checked.success) request.mutate();
      }}
    >
      <label>
        {t('refund.reason')}
        <textarea
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setProblem(null);
          }}
          required
          maxLength={500}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
        />
      </label>
      {problem ? (
        <p id={problemId} className="warning small" role="alert">
          {problem}
        </p>
      ) : null}
      {isReturn ? (
        <fieldset>
          <legend>{t('refund.which')}</legend>
          {order.lines.map((line) => {
            const left = line.quantity - line.refundedQuantity;
            return (
              <label key={line.id} className="refund-line">
                <input
                  type="number"
                  min={0}
                  max={left}
                  value={quantities[line.id] ?? 0}
                  onChange={(e) => setQuantities({ ...quantities, [line.id]: Number(e.target.value) })}
                  disabled={left === 0}
                />{' '}
                {line.title} (≤ {left})
              </label>
            );
          })}
        </fieldset>
      ) : null}
      <button type="submit" className="primary" disabled={request.isPending}>
        {t('refund.send')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('refund.cancelForm')}
      </button>
      {request.error ? <p className="warning">{failureMessage(request.error)}</p> : null}
    </form>
  );
}
