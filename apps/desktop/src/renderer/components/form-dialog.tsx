// The dialog a form opens in: no footer of its own (the form has its Save button), closed by
// Escape or its close button but not by a click beside it (that would lose what was typed),
// and unmounted when closed so it opens fresh.
import { Modal } from 'antd';
import type { ReactNode } from 'react';

export function FormDialog({
  title,
  onClose,
  width,
  children,
}: {
  title: ReactNode;
  onClose(): void;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
      width={width}
    >
      {children}
    </Modal>
  );
}
