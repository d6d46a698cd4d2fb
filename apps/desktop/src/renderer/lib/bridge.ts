// The native bridge the preload exposes as `window.crossdock`, or — in a plain browser, where
// the renderer is developed and tested — a stand-in that keeps the same state in memory and
// does what a browser can (downloads instead of a save dialog, window.print for printing).
import type { CrossdockBridge } from '../../preload/index';

declare global {
  interface Window {
    crossdock?: CrossdockBridge;
  }
}

function browserBridge(): CrossdockBridge {
  // The chosen server is no secret: localStorage keeps it across reloads and new tabs (the
  // installed app keeps it on disk). The refresh token stays in memory only.
  let refreshToken: string | null = null;
  return {
    version: async () => 'browser',
    serverUrl: async () => localStorage.getItem('cd.server'),
    setServerUrl: async (url) => {
      localStorage.setItem('cd.server', url);
      refreshToken = null;
    },
    refreshToken: async () => refreshToken,
    setRefreshToken: async (token) => {
      refreshToken = token;
    },
    saveFile: async ({ defaultName, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([bytes]));
      link.download = defaultName;
      link.click();
      URL.revokeObjectURL(link.href);
      return defaultName;
    },
    print: async () => {
      window.print();
      return null;
    },
    openExternal: async (url) => {
      window.open(url, '_blank', 'noopener,noreferrer');
      return true;
    },
    onMenuAction: () => () => {},
  };
}

export const bridge: CrossdockBridge = window.crossdock ?? browserBridge();

/** True in the installed app, whose native menu sends the keyboard shortcuts as menu actions. */
export const hasNativeMenu = Boolean(window.crossdock);
