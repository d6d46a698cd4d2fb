// Keyboard use of list tables: rows take focus; ↓/j and ↑/k move between them, Enter opens.
import type { KeyboardEvent } from 'react';

export function rowKeys(open: () => void) {
  return {
    tabIndex: 0,
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      const row = event.currentTarget;
      if (event.key === 'Enter') open();
      else if (event.key === 'ArrowDown' || event.key === 'j') {
        (row.nextElementSibling as HTMLElement | null)?.focus();
        event.preventDefault();
      } else if (event.key === 'ArrowUp' || event.key === 'k') {
        (row.previousElementSibling as HTMLElement | null)?.focus();
        event.preventDefault();
      }
    },
  };
}
