// An order's status as every screen shows it: one colour per state, the words the storefront
// uses for it (the shopper and the staff member helping them read the same thing).
import type { OrderStatus } from '@crossdock/domain/order-states';
import { orderStatusWords } from '@crossdock/domain/order-words';
import { Tag } from 'antd';
import { usePrefs } from '../lib/i18n';

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

export function OrderStatusTag({ status, testId }: { status: OrderStatus; testId?: string }) {
  const { locale } = usePrefs();
  return (
    <Tag color={colour[status]} data-testid={testId}>
      {orderStatusWords(status, locale)}
    </Tag>
  );
}
