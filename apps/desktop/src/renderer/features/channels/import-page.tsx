// Importing a shop's orders from a marketplace file, as a wizard: pick the shop and the file →
// the API says what the file is and shows its first rows with the cell at fault in each bad one
// → import, with a progress bar while a job works through it → a summary, and the error report
// (row, column, why) to download. Nothing is written before "Import"; importing the same file
// again changes only what changed. Past imports are listed below.
import { InboxOutlined } from '@ant-design/icons';
import { formatKind, MAX_IMPORT_BYTES, MAX_REPORT_DAYS } from '@crossdock/domain/channel-imports';
import { currentLocale, message as word } from '@crossdock/domain/messages';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Progress,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ExportButton } from '../../components/export-button';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { ScreenHeader } from '../../components/screen-header';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';

type Import = RouterOutputs['channels']['imports']['get'];
interface Uploaded {
  import: Import;
  columns: string[];
  preview: {
    row: number;
    cells: Record<string, string>;
    problems: { column: string | null; message: string }[];
  }[];
  importedBefore: { id: string; createdAt: string } | null;
}

const MB = MAX_IMPORT_BYTES / 1024 / 1024;
const fileSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const statusColour = {
  fetching: 'purple',
  ready: 'default',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
} as const;

/** The file sent to the API with its upload progress (fetch cannot report it; XHR can). */
function sendFile(
  url: string,
  headers: Record<string, string>,
  body: FormData,
  onProgress: (share: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    request.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(request.responseText);
      } catch {
        parsed = null;
      }
      resolve({ status: request.status, body: parsed });
    };
    request.onerror = () => reject(new Error('network'));
    request.send(body);
  });
}

/** Amazon's All Orders report of a window, asked for through the shop's SP-API connection. */
function FetchFromPlatform({
  shopId,
  onRequested,
}: {
  shopId: string;
  onRequested(requested: Import): void;
}) {
  const { t } = usePrefs();
  const api = useApi();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(30, 'day'), dayjs()]);
  const fetchReport = useMutation({
    mutationFn: () =>
      api.channels.imports.fromPlatform.mutate({
        shopId,
        from: range[0].startOf('day').toDate(),
        to: range[1].endOf('day').toDate(),
      }),
    onSuccess: onRequested,
  });
  return (
    <Card size="small" title={t('imports.fetchTitle')}>
      <Typography.Paragraph type="secondary">
        {t('imports.fetchHint', { days: MAX_REPORT_DAYS })}
      </Typography.Paragraph>
      <Space wrap>
        <DatePicker.RangePicker
          aria-label={t('imports.window')}
          value={range}
          allowClear={false}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          onChange={(next) => {
            if (next?.[0] && next[1]) setRange([next[0], next[1]]);
          }}
        />
        <Button loading={fetchReport.isPending} onClick={() => fetchReport.mutate()}>
          {t('imports.fetch')}
        </Button>
      </Space>
      <ErrorAlert error={fetchReport.error} />
    </Card>
  );
}

function ChooseStep({
  onUploaded,
  onRequested,
}: {
  onUploaded(result: Uploaded): void;
  onRequested(requested: Import): void;
}) {
  const { t } = usePrefs();
  const api = useApi();
  const { serverUrl, authHeaders } = useSession();
  const [shopId, setShopId] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const shops = useQuery({
    queryKey: ['shops', 'all'],
    queryFn: () => api.channels.shops.list.query({ limit: 100 }),
  });
  const chosen = shops.data?.items.find((s) => s.id === shopId);
  async function upload(file: File) {
    setProblem(null);
    if (!shopId) {
      setProblem(t('imports.chooseShopFirst'));
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      setProblem(t('imports.tooLarge', { name: file.name, mb: MB }));
      return;
    }
    const body = new FormData();
    body.append('shopId', shopId);
    body.append('file', file);
    setSent(0);
    try {
      const answer = await sendFile(
        `${serverUrl}/uploads/channel-imports`,
        { ...(await authHeaders()), 'accept-language': currentLocale() },
        body,
        setSent,
      );
      if (answer.status === 201) onUploaded(answer.body as Uploaded);
      else {
        const refusal = (answer.body as { error?: { message?: string } } | null)?.error?.message;
        setProblem(`${file.name}: ${refusal ?? word('error.INTERNAL')}`);
      }
    } catch {
      setProblem(t('imports.network'));
    } finally {
      setSent(null);
    }
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <ErrorAlert error={shops.error} />
      <Select
        aria-label={t('imports.shop')}
        placeholder={t('imports.shop')}
        style={{ width: 360 }}
        loading={shops.isLoading}
        value={shopId}
        onChange={setShopId}
        options={(shops.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
      />
      <Upload.Dragger
        accept=".txt,.tsv,.csv,text/plain,text/csv,text/tab-separated-values"
        showUploadList={false}
        disabled={sent !== null}
        beforeUpload={(file) => {
          void upload(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('imports.drop')}</p>
        <p className="ant-upload-hint">{t('imports.hint', { mb: MB })}</p>
      </Upload.Dragger>
      {sent !== null ? (
        <Progress percent={Math.round(sent * 100)} aria-label={t('imports.uploading')} status="active" />
      ) : null}
      {problem ? <Alert type="error" role="alert" showIcon title={problem} /> : null}
      {chosen?.platform === 'amazon' && chosen.syncable ? (
        <FetchFromPlatform shopId={chosen.id} onRequested={onRequested} />
      ) : null}
    </Space>
  );
}

function PreviewStep({
  uploaded,
  onStarted,
  onBack,
}: {
  uploaded: Uploaded;
  onStarted(started: Import): void;
  onBack(): void;
}) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const start = useMutation({
    mutationFn: () => api.channels.imports.start.mutate({ id: uploaded.import.id }),
    onSuccess: onStarted,
  });
  const bad = uploaded.preview.filter((r) => r.problems.length > 0).length;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('imports.file')}>{uploaded.import.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('imports.format')}>
          {word(`import.format.${uploaded.import.format}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.size')}>
          {fileSize(uploaded.import.fileBytes ?? 0)}
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.delimiter')}>
          {t(
            uploaded.import.delimiter === '\t'
              ? 'imports.tab'
              : uploaded.import.delimiter === ';'
                ? 'imports.semicolon'
                : 'imports.comma',
          )}
        </Descriptions.Item>
      </Descriptions>
      {uploaded.importedBefore ? (
        <Alert
          type="info"
          showIcon
          title={t('imports.seenBefore', { when: when.format(new Date(uploaded.importedBefore.createdAt)) })}
        />
      ) : null}
      <Typography.Paragraph>
        {bad
          ? t('imports.previewBad', { shown: uploaded.preview.length, bad })
          : t('imports.previewGood', { shown: uploaded.preview.length })}
      </Typography.Paragraph>
      <Table
        rowKey="row"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        aria-label={t('imports.previewTable')}
        dataSource={uploaded.preview}
        columns={[
          { title: t('imports.row'), dataIndex: 'row', width: 60 },
          ...uploaded.columns.map((column) => ({
            title: column,
            key: column,
            render: (_: unknown, r: Uploaded['preview'][number]) => {
              const wrong = r.problems.some((p) => p.column === column);
              return (
                <Typography.Text type={wrong ? 'danger' : undefined} strong={wrong}>
                  {r.cells[column]}
                </Typography.Text>
              );
            },
          })),
          {
            title: t('imports.problems'),
            key: 'problems',
            render: (_: unknown, r: Uploaded['preview'][number]) =>
              r.problems.map((p) => (
                <div key={`${p.column}-${p.message}`}>
                  <Typography.Text type="danger">
                    {p.column ? `${p.column}: ` : ''}
                    {p.message}
                  </Typography.Text>
                </div>
              )),
          },
        ]}
      />
      <ErrorAlert error={start.error} />
      <Space>
        <Button onClick={onBack}>{t('imports.otherFile')}</Button>
        <Button type="primary" loading={start.isPending} onClick={() => start.mutate()}>
          {t('imports.import')}
        </Button>
      </Space>
    </Space>
  );
}

function ErrorReport({ item }: { item: Import }) {
  const { t } = usePrefs();
  const api = useApi();
  const first = useQuery({
    queryKey: ['import-errors', item.id],
    queryFn: () => api.channels.imports.errors.query({ id: item.id, limit: 20 }),
    enabled: item.rowsFailed > 0,
  });
  if (item.rowsFailed === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('imports.errorReport')}
        </Typography.Title>
        <ExportButton
          name={`import-errors-${item.fileName.replace(/\.[^.]*$/, '')}`}
          page={async (cursor) => {
            const page = await api.channels.imports.errors.query({
              id: item.id,
              limit: 1000,
              ...(cursor ? { afterRow: Number(cursor) } : {}),
            });
            return {
              items: page.items,
              nextCursor: page.nextAfterRow === null ? null : String(page.nextAfterRow),
            };
          }}
          columns={[
            { header: t('imports.row'), value: (e) => e.row },
            { header: t('imports.column'), value: (e) => e.column ?? '' },
            { header: t('imports.problems'), value: (e) => e.message },
          ]}
        />
      </Space>
      <ErrorAlert error={first.error} />
      <Table
        rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
        size="small"
        pagination={false}
        loading={first.isLoading}
        aria-label={t('imports.errorReport')}
        dataSource={first.data?.items ?? []}
        columns={[
          { title: t('imports.row'), dataIndex: 'row', width: 80 },
          { title: t('imports.column'), dataIndex: 'column', width: 200 },
          { title: t('imports.problems'), dataIndex: 'message' },
        ]}
      />
    </Space>
  );
}

function RunStep({ importId, onAnother }: { importId: string; onAnother(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const job = useQuery({
    queryKey: ['import', importId],
    queryFn: () => api.channels.imports.get.query({ id: importId }),
    // Read again every second while the job works, so the bar and the counts move.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      if (status === 'succeeded' || status === 'failed') {
        void client.invalidateQueries({ queryKey: ['imports'] });
        return false;
      }
      return 1000;
    },
  });
  const item = job.data;
  if (!item) return <ErrorAlert error={job.error} />;
  const done = item.status === 'succeeded' || item.status === 'failed';
  // What the file's items are: orders, a settlement's transactions, or listings.
  const kind = formatKind[item.format];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Progress
        percent={Math.round(item.progress * 100)}
        status={item.status === 'failed' ? 'exception' : done ? 'success' : 'active'}
        aria-label={t('imports.progress')}
      />
      <div role="status">
        <Tag color={statusColour[item.status]}>{t(`imports.status.${item.status}`)}</Tag>
        {t(`imports.counts.${kind}`, {
          rows: item.rowsRead,
          created: item.itemsNew,
          updated: item.itemsUpdated,
          unchanged: item.itemsUnchanged,
          failed: item.rowsFailed,
        })}
      </div>
      {item.error ? <Alert type="error" role="alert" showIcon title={item.error} /> : null}
      {done ? (
        <Descriptions size="small" column={3} bordered title={t('imports.summary')}>
          <Descriptions.Item label={t('imports.rowsRead')}>{item.rowsRead}</Descriptions.Item>
          <Descriptions.Item label={t('imports.rowsFailed')}>{item.rowsFailed}</Descriptions.Item>
          <Descriptions.Item label={t(`imports.${kind}.new`)}>{item.itemsNew}</Descriptions.Item>
          <Descriptions.Item label={t(`imports.${kind}.updated`)}>{item.itemsUpdated}</Descriptions.Item>
          <Descriptions.Item label={t(`imports.${kind}.unchanged`)}>{item.itemsUnchanged}</Descriptions.Item>
          <Descriptions.Item label={t(`imports.${kind}.waiting`)}>{item.itemsWaiting}</Descriptions.Item>
          <Descriptions.Item label={t(`imports.${kind}.skipped`)}>{item.itemsSkipped}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {done ? <ErrorReport item={item} /> : null}
      {done ? <Button onClick={onAnother}>{t('imports.another')}</Button> : null}
    </Space>
  );
}

function PastImports() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const pages = useKeysetPages();
  const [opened, setOpened] = useState<Import | null>(null);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const list = useQuery({
    queryKey: ['imports', pages.cursor],
    queryFn: () => api.channels.imports.list.query({ limit: 20, cursor: pages.cursor }),
  });
  return (
    <section aria-labelledby="past-imports" style={{ marginTop: 32 }}>
      <Typography.Title id="past-imports" level={4}>
        {t('imports.past')}
      </Typography.Title>
      <ErrorAlert error={list.error} />
      <Table<Import>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('imports.none') }}
        columns={[
          { title: t('imports.when'), dataIndex: 'createdAt', render: (d: Date) => when.format(d) },
          { title: t('imports.file'), dataIndex: 'fileName' },
          {
            title: t('imports.status'),
            dataIndex: 'status',
            render: (s: Import['status']) => <Tag color={statusColour[s]}>{t(`imports.status.${s}`)}</Tag>,
          },
          { title: t('imports.rowsRead'), dataIndex: 'rowsRead', align: 'right' },
          {
            title: t('imports.format'),
            dataIndex: 'format',
            render: (f: Import['format']) => word(`import.format.${f}`),
          },
          { title: t('imports.new'), dataIndex: 'itemsNew', align: 'right' },
          { title: t('imports.updated'), dataIndex: 'itemsUpdated', align: 'right' },
          { title: t('imports.rowsFailed'), dataIndex: 'rowsFailed', align: 'right' },
          {
            title: '',
            key: 'open',
            render: (_: unknown, item: Import) =>
              item.rowsFailed > 0 ? (
                <Button
                  size="small"
                  onClick={() => setOpened(item)}
                  aria-label={`${t('imports.errorReport')} ${item.fileName}`}
                >
                  {t('imports.errorReport')}
                </Button>
              ) : null,
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
      {opened ? (
        <div style={{ marginTop: 16 }}>
          <ErrorReport item={opened} />
        </div>
      ) : null}
    </section>
  );
}

export function ImportPage() {
  const { t } = usePrefs();
  const { user } = useSession();
  const canWrite = user?.permissions.has('channels:write') ?? false;
  const [uploaded, setUploaded] = useState<Uploaded | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const step = running ? 2 : uploaded ? 1 : 0;
  const restart = () => {
    setUploaded(null);
    setRunning(null);
  };
  return (
    <section aria-labelledby="imports-title">
      <ScreenHeader id="imports-title" title={t('imports.heading')} />
      <Typography.Paragraph type="secondary">{t('imports.intro')}</Typography.Paragraph>
      {canWrite ? (
        <>
          <Steps
            current={step}
            style={{ marginBottom: 24 }}
            items={[
              { title: t('imports.step.choose') },
              { title: t('imports.step.preview') },
              { title: t('imports.step.import') },
            ]}
          />
          {step === 0 ? (
            <ChooseStep onUploaded={setUploaded} onRequested={(requested) => setRunning(requested.id)} />
          ) : null}
          {step === 1 && uploaded ? (
            <PreviewStep
              uploaded={uploaded}
              onBack={restart}
              onStarted={(started) => setRunning(started.id)}
            />
          ) : null}
          {step === 2 && running ? <RunStep importId={running} onAnother={restart} /> : null}
        </>
      ) : (
        <Alert type="info" showIcon title={t('imports.readOnly')} />
      )}
      <PastImports />
    </section>
  );
}
