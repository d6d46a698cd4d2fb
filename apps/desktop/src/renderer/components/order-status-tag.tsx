// An order's status as every screen shows it: one colour per state, words instead of codes.
import type { OrderStatus } from '@crossdock/domain/order-states';
import { Tag } from 'antd';

const colour: Record<OrderStatus, string> = {
  pending_payment: 'gold',
  paid: 'blue',
  processing: 'geekblue',
  partially_shipped: 'cyan',
  shipped: 'cyan',
  delivered: 'green',
  completed: 'green',
  cancelled: 'default',
  refund_requested: 'volcano',
  refunded: 'purple',
};

/** "refund_requested" → "refund requested". */
export const orderStatusLabel = (status: string) => status.replace(/_/g, ' ');

export function OrderStatusTag({ status, testId }: { status: string; testId?: string }) {
  return (
    <Tag color={colour[status as OrderStatus] ?? 'default'} data-testid={testId}>
      {orderStatusLabel(status)}
    </Tag>
  );
}
