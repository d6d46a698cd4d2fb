// The last column of a table whose rows open in an editor: an Edit button on each row, for
// those allowed to change them (no column at all for the others).
import { Button } from 'antd';

export function editColumn<Row>(canWrite: boolean, label: string, onEdit: (row: Row) => void) {
  if (!canWrite) return [];
  return [
    {
      title: '',
      key: 'edit',
      render: (_v: unknown, row: Row) => (
        <Button size="small" onClick={() => onEdit(row)}>
          {label}
        </Button>
      ),
    },
  ];
}
