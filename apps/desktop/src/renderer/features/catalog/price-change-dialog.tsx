// Changing the prices of the chosen products at once: by a percentage or an amount (base
// currency), previewed first — every SKU's price before and after — and applied only after.
import type { LocalizedText } from '@crossdock/domain/catalog';
import { failureMessage } from '@crossdock/domain/messages';
import { currency, minorUnitDigits, money, toDecimalString } from '@crossdock/domain/money';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, InputNumber, Modal, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { RouterOutputs } from '../../lib/api';
import { textIn, usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type Result = RouterOutputs['catalog']['products']['bulkPriceChange'];

export function PriceChangeDialog({
  productIds,
  base,
  onClose,
}: {
  productIds: string[];
  base: string;
  onClose(): void;
}) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [value, setValue] = useState<number | null>(10);
  const [preview, setPreview] = useState<Result | null>(null);
  const change = () =>
    kind === 'percent'
      ? { kind: 'percent' as const, basisPoints: Math.round((value ?? 0) * 100) }
      : // Minor units of the base currency (cents for USD, yen for JPY).
        { kind: 'amount' as const, minor: Math.round((value ?? 0) * 10 ** minorUnitDigits(currency(base))) };
  const run = useMutation({
    mutationFn: (apply: boolean) =>
      apply
        ? api.catalog.products.bulkPriceChange.mutate({
            filter: { productIds },
            change: change(),
            apply: true,
          })
        : api.catalog.products.previewPriceChange.mutate({ filter: { productIds }, change: change() }),
    onSuccess: (result, apply) => {
      if (apply) {
        void client.invalidateQueries({ queryKey: ['products'] });
        onClose();
      } else setPreview(result);
    },
  });
  const cash = (n: number) => `${toDecimalString(money(n, base))} ${base}`;
  const title = (text: LocalizedText) => textIn(text, locale);
  return (
    <Modal
      open
      width={720}
      title={t('prices.title', { n: productIds.length })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={kind}
          onChange={(e) => {
            setKind(e.target.value);
            setPreview(null);
          }}
          options={[
            { value: 'percent', label: t('prices.percent') },
            { value: 'amount', label: t('prices.amount', { currency: base }) },
          ]}
        />
        <InputNumber
          aria-label={t('prices.value')}
          value={value}
          step={kind === 'percent' ? 1 : 0.5}
          onChange={(v) => {
            setValue(v);
            setPreview(null);
          }}
          suffix={kind === 'percent' ? '%' : base}
        />
        {run.error ? <Alert type="error" role="alert" title={failureMessage(run.error)} /> : null}
        {preview ? (
          <>
            <Typography.Text data-testid="price-preview">
              {t('prices.summary', {
                n: preview.count,
                before: cash(preview.totalBefore),
                after: cash(preview.totalAfter),
              })}
            </Typography.Text>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ y: 240 }}
              dataSource={preview.sample}
              columns={[
                { title: 'SKU', dataIndex: 'code' },
                { title: t('products.title'), dataIndex: 'title', render: (v: LocalizedText) => title(v) },
                { title: t('prices.before'), dataIndex: 'before', align: 'right', render: cash },
                { title: t('prices.after'), dataIndex: 'after', align: 'right', render: cash },
              ]}
            />
          </>
        ) : null}
        <Space>
          <Button onClick={() => run.mutate(false)} loading={run.isPending && !preview}>
            {t('prices.preview')}
          </Button>
          <Button
            type="primary"
            disabled={!preview || preview.count === 0}
            loading={run.isPending && !!preview}
            onClick={() => run.mutate(true)}
          >
            {t('prices.apply')}
          </Button>
        </Space>
      </Space>
    </Modal>
  );
}
