// Text staff write in both languages (English required where the contract says, Chinese
// beside it), and the clean-up from form values to the API's contract: blank translations are
// left out, not sent as empty strings.
import type { LocalizedText } from '@crossdock/domain/catalog';
import { Col, Form, Input, Row } from 'antd';
import type { ReactNode } from 'react';

export type FormText = { en?: string; 'zh-CN'?: string } | undefined;

/** Form text → LocalizedText; undefined when both languages are blank. */
export function cleanLocalized(value: FormText): LocalizedText | undefined {
  const en = value?.en?.trim() ?? '';
  const zh = value?.['zh-CN']?.trim() ?? '';
  if (!en && !zh) return undefined;
  return zh ? { en, 'zh-CN': zh } : { en };
}

/** One text in English (required where the contract says) and Chinese, side by side. */
export function LocalizedInput({
  name,
  label,
  area,
  required,
  autoFocus,
}: {
  name: (string | number)[];
  label: ReactNode;
  area?: boolean;
  required?: boolean;
  /** Focus the English field when the form opens. */
  autoFocus?: boolean;
}) {
  const Control = area ? Input.TextArea : Input;
  const rows = area ? { rows: 4 } : {};
  return (
    <Row gutter={12}>
      <Col span={12}>
        <Form.Item name={[...name, 'en']} label={<>{label} · English</>} required={required}>
          <Control {...rows} autoFocus={autoFocus} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name={[...name, 'zh-CN']} label={<>{label} · 中文</>}>
          <Control {...rows} />
        </Form.Item>
      </Col>
    </Row>
  );
}
