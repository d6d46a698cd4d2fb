// A short list of rows (a customer's addresses, the dashboard's to-do counts): a plain <ul>,
// one row per item with its parts spread across, and words for when there is nothing. Ant
// Design's List is deprecated (its successor, Listy, is a virtual list for long ones).
import type { ReactNode } from 'react';

export function PlainList<T>({
  items,
  itemKey,
  empty = '—',
  children,
}: {
  items: readonly T[];
  itemKey(item: T, index: number): string;
  empty?: ReactNode;
  children(item: T): ReactNode;
}) {
  if (items.length === 0) return <p className="plain-list-empty">{empty}</p>;
  return (
    <ul className="plain-list">
      {items.map((item, index) => (
        <li key={itemKey(item, index)}>{children(item)}</li>
      ))}
    </ul>
  );
}
