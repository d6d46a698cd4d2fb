// A rate the contract keeps in basis points (1900 = 19 %), typed by staff in percent. The form
// field holds basis points, so the contract's errors land on it by name.
import { InputNumber } from 'antd';

/** Form.Item props that show basis points as percent and store what is typed as basis points. */
export const percentOfBasisPoints = {
  getValueProps: (bp: number | null | undefined) => ({
    value: bp === null || bp === undefined ? bp : bp / 100,
  }),
  normalize: (percent: number | null) => (percent === null ? null : Math.round(percent * 100)),
};

export function PercentInput(props: {
  value?: number | null;
  onChange?(value: number | null): void;
  id?: string;
}) {
  return <InputNumber {...props} min={0} max={100} precision={2} suffix="%" style={{ width: 160 }} />;
}
