// "New" and "Save" for the screen in front of the user. In the installed app they come from the
// native menu (its accelerators are Ctrl/Cmd+N and Ctrl/Cmd+S); in a browser, from the keys
// themselves — never both, so a command never runs twice.
import { useEffect, useRef } from 'react';
import { bridge, hasNativeMenu } from './bridge';

export type Command = 'new' | 'save';

const keys: Record<Command, string> = { new: 'n', save: 's' };

export function useCommand(command: Command, run: () => void, enabled = true): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (!enabled) return;
    if (hasNativeMenu) return bridge.onMenuAction((action) => action === command && latest.current());
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === keys[command]) {
        event.preventDefault();
        latest.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [command, enabled]);
}
