// The window's security settings, per Electron's security checklist, as pure functions so they
// are unit-tested without Electron: isolated and sandboxed renderer without Node, a strict CSP,
// no navigation away from the app, no new windows (links to the web open in the system
// browser after a check), and no permission (camera, notifications…) ever granted.
import type { BrowserWindowConstructorOptions } from 'electron';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Crossdock',
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/**
 * The Content-Security-Policy of the renderer: scripts only from the app itself; data only from
 * the app and the Crossdock server the user chose (its API and photos).
 */
export function contentSecurityPolicy(
  serverOrigin: string | null,
  devServerOrigin: string | null = null,
): string {
  const self = ["'self'", ...(devServerOrigin ? [devServerOrigin] : [])].join(' ');
  const server = serverOrigin ? ` ${serverOrigin}` : '';
  return [
    `default-src 'none'`,
    `script-src ${self}`,
    // Ant Design writes its styles at runtime.
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: blob:${server}`,
    `font-src ${self} data:`,
    `connect-src ${self}${server}${devServerOrigin ? ` ${devServerOrigin.replace(/^http/, 'ws')}` : ''}`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors 'none'`,
    `object-src 'none'`,
  ].join('; ');
}

/** The app's own pages: the bundled renderer (file://) or, in development, the dev server. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    const parsed = new URL(url);
    if (appOrigin === 'file://') return parsed.protocol === 'file:';
    return parsed.origin === appOrigin;
  } catch {
    return false;
  }
}

/** In-app navigation stays in the app; anything else is refused. */
export function mayNavigate(url: string, appOrigin: string): boolean {
  return isAppUrl(url, appOrigin);
}

/** A link the user may open in the system browser: http(s) only, no credentials in the URL. */
export function externalLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    if (parsed.username || parsed.password) return null;
    return parsed.toString();
  } catch {
    return null;
  }
}

/** Every permission request (camera, microphone, notifications, geolocation…) is refused. */
export const permissionDecision = (_permission: string): boolean => false;
