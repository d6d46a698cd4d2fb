// Provider settlement files: import a day's file (CSV) and see each line matched to a payment or
// refund; what does not match is listed for action and resolved with a note.

import { failureMessage } from '@crossdock/domain/messages';
import { paymentProviders } from '@crossdock/domain/payments';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type Line = RouterOutputs['finance']['settlements']['get']['lines'][number];
const statusColor: Record<Line['status'], string> = {
  matched: 'green',
  amount_differs: 'orange',
  unknown: 'red',
  missing: 'volcano',
};

function Lines({ id }: { id: string }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const detail = useQuery({
    queryKey: ['settlement', id],
    queryFn: () => api.finance.settlements.get.query({ id }),
  });
  const resolve = useMutation({
    mutationFn: (lineId: string) =>
      api.finance.settlements.resolve.mutate({ lineId, note: notes[lineId] ?? '' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['settlement', id] }),
  });
  return (
    <>
      {resolve.error ? <Alert type="error" role="alert" title={failureMessage(resolve.error)} /> : null}
      <Table<Line>
        rowKey="id"
        size="small"
        loading={detail.isFetching}
        dataSource={(detail.data?.lines ?? []).filter((l) => l.status !== 'matched')}
        pagination={false}
        locale={{ emptyText: t('settlements.allMatched') }}
        columns={[
          { title: t('settlements.transaction'), dataIndex: 'transactionId' },
          {
            title: t('settlements.kind'),
            dataIndex: 'kind',
            render: (k: Line['kind']) => t(`settlement.kind.${k}`),
          },
          {
            title: t('settlements.status'),
            dataIndex: 'status',
            render: (s: Line['status']) => <Tag color={statusColor[s]}>{t(`settlement.status.${s}`)}</Tag>,
          },
          { title: t('settlements.amount'), dataIndex: 'amount', align: 'right' },
          { title: t('settlements.expected'), dataIndex: 'expectedAmount', align: 'right' },
          {
            title: '',
            key: 'resolve',
            render: (_v, line) =>
              line.resolvedAt ? (
                <Typography.Text type="secondary">{line.resolutionNote}</Typography.Text>
              ) : (
                <Space>
                  <Input
                    size="small"
                    aria-label={t('settlements.note')}
                    placeholder={t('settlements.note')}
                    value={notes[line.id] ?? ''}
                    onChange={(e) => setNotes({ ...notes, [line.id]: e.target.value })}
                  />
                  <Button size="small" onClick={() => resolve.mutate(line.id)}>
                    {t('settlements.resolve')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </>
  );
}

export function SettlementsPage() {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [provider, setProvider] = useState<(typeof paymentProviders)[number]>('alipay');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['settlements'], queryFn: () => api.finance.settlements.list.query() });
  const importFile = useMutation({
    mutationFn: (csv: string) => api.finance.settlements.import.mutate({ provider, date, csv }),
    onSuccess: (created) => {
      setOpen(created.id);
      void client.invalidateQueries({ queryKey: ['settlements'] });
    },
  });
  return (
    <section aria-labelledby="settlements-title">
      <Typography.Title id="settlements-title" level={3}>
        {t('settlements.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            aria-label={t('settlements.provider')}
            value={provider}
            onChange={setProvider}
            options={paymentProviders.map((p) => ({
              value: p,
              label: p === 'alipay' ? 'Alipay' : 'WeChat Pay',
            }))}
          />
          <Input
            type="date"
            aria-label={t('settlements.day')}
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
          <Upload
            accept=".csv,text/csv"
            showUploadList={false}
            beforeUpload={async (file) => {
              importFile.mutate(await file.text());
              return false;
            }}
          >
            <Button type="primary" loading={importFile.isPending}>
              {t('settlements.import')}
            </Button>
          </Upload>
        </Space>
        <ErrorAlert error={importFile.error} />
      </Card>
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        expandable={{
          expandedRowKeys: open ? [open] : [],
          onExpand: (expanded, row) => setOpen(expanded ? row.id : null),
          expandedRowRender: (row) => <Lines id={row.id} />,
        }}
        columns={[
          { title: t('settlements.provider'), dataIndex: 'provider' },
          { title: t('settlements.day'), dataIndex: 'day' },
          { title: t('settlements.lines'), dataIndex: 'lineCount', align: 'right' },
          { title: t('settlements.matched'), dataIndex: 'matched', align: 'right' },
          {
            title: t('settlements.mismatched'),
            dataIndex: 'mismatched',
            align: 'right',
            render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
          },
        ]}
      />
    </section>
  );
}
