// Previous/next through keyset pages: the cursors of the pages before this one are kept, so
// going back is exact even while rows are added.
import { Button, Space } from 'antd';
import { useState } from 'react';
import { usePrefs } from '../lib/i18n';

export function useKeysetPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors.at(-1),
    /** Back to the first page (filters changed). */
    reset: () => setCursors([undefined]),
    hasPrevious: cursors.length > 1,
    previous: () => setCursors((c) => c.slice(0, -1)),
    next: (cursor: string) => setCursors((c) => [...c, cursor]),
  };
}

export function KeysetPager({
  pages,
  nextCursor,
}: {
  pages: ReturnType<typeof useKeysetPages>;
  nextCursor: string | null | undefined;
}) {
  const { t } = usePrefs();
  return (
    <Space style={{ marginTop: 16 }}>
      <Button aria-label={t('list.previousPage')} disabled={!pages.hasPrevious} onClick={pages.previous}>
        ‹
      </Button>
      <Button
        aria-label={t('list.nextPage')}
        disabled={!nextCursor}
        onClick={() => nextCursor && pages.next(nextCursor)}
      >
        ›
      </Button>
    </Space>
  );
}
