// "Export CSV" (or XLSX from its menu) for any list: exactly the rows its filters select, with
// progress while pages are fetched, and a clear message when there is nothing to export.

import { DownOutlined } from '@ant-design/icons';
import { failureMessage } from '@crossdock/domain/messages';
import { App, Button, Dropdown, Space } from 'antd';
import { useState } from 'react';
import { allPages, type ExportColumn, saveExport } from '../lib/export';
import { usePrefs } from '../lib/i18n';

export function ExportButton<Row>({
  page,
  columns,
  name,
}: {
  page: (cursor: string | undefined) => Promise<{ items: Row[]; nextCursor: string | null }>;
  columns: ExportColumn<Row>[];
  name: string;
}) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [progress, setProgress] = useState<number | null>(null);
  const run = async (format: 'csv' | 'xlsx') => {
    setProgress(0);
    try {
      const rows = await allPages(page, setProgress);
      if (rows.length === 0) {
        void message.warning(t('export.empty'));
        return;
      }
      let saved: string | null;
      try {
        saved = await saveExport(rows, columns, format, name);
      } catch {
        // The rows came; writing the file failed (disk full, no permission): not a network problem.
        void message.error(t('export.saveFailed'));
        return;
      }
      if (saved) void message.success(t('export.saved', { rows: rows.length, file: saved }));
    } catch (error) {
      void message.error(failureMessage(error));
    } finally {
      setProgress(null);
    }
  };
  return (
    <Space.Compact>
      <Button loading={progress !== null} onClick={() => void run('csv')}>
        {progress !== null ? t('export.progress', { rows: progress }) : t('export.csv')}
      </Button>
      <Dropdown
        disabled={progress !== null}
        menu={{ items: [{ key: 'xlsx', label: t('export.xlsx') }], onClick: () => void run('xlsx') }}
      >
        <Button icon={<DownOutlined />} aria-label={t('export.more')} />
      </Dropdown>
    </Space.Compact>
  );
}
