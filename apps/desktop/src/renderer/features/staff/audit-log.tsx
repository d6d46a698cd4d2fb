// The audit log: who did what to which record and when, filtered by person, action, record and
// days, in keyset pages, exportable; an entry opens to show exactly what changed (each field
// before and after), with where it came from (IP, request id).

import { failureMessage } from '@crossdock/domain/messages';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ExportButton } from '../../components/export-button';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { rowKeys } from '../../components/row-keys';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { auditChanges, auditValue } from './audit-changes';

type Entry = RouterOutputs['audit']['list']['items'][number];

interface FilterValues {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  days?: [Dayjs | null, Dayjs | null] | null;
}

/** Form values → the list's filters; `to` is exclusive, so the last day runs to its end. */
function auditFilters(values: FilterValues) {
  const text = (v: string | undefined) => v?.trim() || undefined;
  const filters = {
    actorId: values.actorId,
    action: text(values.action),
    entityType: text(values.entityType),
    entityId: text(values.entityId),
    from: values.days?.[0]?.startOf('day').toDate(),
    to: values.days?.[1]?.add(1, 'day').startOf('day').toDate(),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
}

function EntryDrawer({ entry, onClose }: { entry: Entry; onClose(): void }) {
  const { t, locale } = usePrefs();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium' });
  const changes = auditChanges(entry.before, entry.after);
  return (
    <Drawer open size={640} title={entry.action} onClose={onClose}>
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('audit.when')}>{when.format(entry.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('staff.who')}>
          {entry.actorName ? `${entry.actorName} <${entry.actorEmail}>` : t('audit.system')}
        </Descriptions.Item>
        <Descriptions.Item label={t('staff.entity')}>
          {entry.entityType} {entry.entityId ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label="IP">{entry.ip ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('audit.request')}>{entry.requestId ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('audit.changes')}</Typography.Title>
      <Table
        rowKey="field"
        size="small"
        pagination={false}
        dataSource={changes}
        locale={{ emptyText: t('audit.noChanges') }}
        data-testid="audit-changes"
        columns={[
          { title: t('audit.field'), dataIndex: 'field', render: (f: string) => f || '—' },
          {
            title: t('audit.before'),
            dataIndex: 'before',
            render: (v: unknown) => (
              <Typography.Text delete={v !== undefined}>{auditValue(v)}</Typography.Text>
            ),
          },
          {
            title: t('audit.after'),
            dataIndex: 'after',
            render: (v: unknown) => <Typography.Text strong>{auditValue(v)}</Typography.Text>,
          },
        ]}
      />
    </Drawer>
  );
}

export function AuditLog() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const [filters, setFilters] = useState<ReturnType<typeof auditFilters>>({});
  const [open, setOpen] = useState<Entry | null>(null);
  const pages = useKeysetPages();
  const { cursor } = pages;
  const audit = useQuery({
    queryKey: ['audit', filters, cursor],
    queryFn: () => api.audit.list.query({ limit: 50, cursor, ...filters }),
  });
  const people = useQuery({
    queryKey: ['staff', 'all'],
    queryFn: () => api.staff.list.query({ limit: 100 }),
  });
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <>
      <Form<FilterValues>
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilters(auditFilters(values));
          pages.reset();
        }}
      >
        <Form.Item name="actorId" label={t('staff.who')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 180 }}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
        </Form.Item>
        <Form.Item name="action" label={t('staff.action')}>
          <Input placeholder="product.published" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="entityType" label={t('staff.entity')}>
          <Input placeholder="product" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.entityId')}>
          <Input style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="days" label={t('audit.days')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Button htmlType="submit">{t('staff.filter')}</Button>
      </Form>
      <div style={{ marginBottom: 12 }}>
        <ExportButton
          name="audit-log"
          page={(c) => api.audit.list.query({ limit: 100, cursor: c, ...filters })}
          columns={[
            { header: t('audit.when'), value: (r) => r.createdAt.toISOString() },
            { header: t('staff.who'), value: (r) => r.actorEmail ?? '' },
            { header: t('staff.action'), value: (r) => r.action },
            { header: t('staff.entity'), value: (r) => r.entityType },
            { header: t('audit.entityId'), value: (r) => r.entityId ?? '' },
            { header: 'IP', value: (r) => r.ip ?? '' },
            {
              header: t('audit.changes'),
              value: (r) =>
                auditChanges(r.before, r.after)
                  .map((c) => c.field)
                  .join(' '),
            },
          ]}
        />
      </div>
      {audit.isError ? <Alert type="error" title={failureMessage(audit.error)} /> : null}
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={audit.isFetching}
        dataSource={audit.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        onRow={(row) => ({
          ...rowKeys(() => setOpen(row)),
          onClick: () => setOpen(row),
          style: { cursor: 'pointer' },
          'data-testid': 'audit-row',
        })}
        columns={[
          { title: t('audit.when'), dataIndex: 'createdAt', render: (d: Date) => when.format(d) },
          {
            title: t('staff.who'),
            dataIndex: 'actorName',
            render: (n: string | null) => n ?? t('audit.system'),
          },
          { title: t('staff.action'), dataIndex: 'action' },
          {
            title: t('staff.entity'),
            key: 'entity',
            render: (_v, r) => `${r.entityType} ${r.entityId ?? ''}`,
          },
          {
            title: t('audit.changes'),
            key: 'changes',
            render: (_v, r) =>
              auditValue(
                auditChanges(r.before, r.after)
                  .map((c) => c.field || '—')
                  .join(', '),
                60,
              ),
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={audit.data?.nextCursor} />
      {open ? <EntryDrawer entry={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
