// A screen's heading with its main action ("Add a shop", "New shipping method") at the right,
// the action shown only to those allowed to take it.
import { Button, Space, Typography } from 'antd';

export function ScreenHeader({
  id,
  title,
  action,
}: {
  /** The heading's id, for the section's aria-labelledby. */
  id: string;
  title: string;
  action?: { label: string; onClick(): void } | null;
}) {
  return (
    <Space style={{ display: 'flex', justifyContent: 'space-between' }}>
      <Typography.Title id={id} level={3}>
        {title}
      </Typography.Title>
      {action ? (
        <Button type="primary" onClick={action.onClick}>
          {action.label}
        </Button>
      ) : null}
    </Space>
  );
}
