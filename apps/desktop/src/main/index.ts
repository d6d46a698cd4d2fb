// The Electron main process, kept thin: one window with the settings of security.ts, the CSP on
// every response, navigation and new windows refused, permissions denied, the IPC handlers of
// ipc.ts, and a native menu whose actions go to the renderer. Everything it decides is in the
// small modules beside it, which are unit-tested.
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  safeStorage,
  session,
  shell,
  type WebContents,
} from 'electron';
import { registerIpc } from './ipc';
import type { MenuAction } from './ipc-contract';
import { secureStore } from './secure-store';
import {
  contentSecurityPolicy,
  externalLink,
  mayNavigate,
  permissionDecision,
  windowOptions,
} from './security';

const devServer = process.env.ELECTRON_RENDERER_URL ?? null;
const appOrigin = devServer ? new URL(devServer).origin : 'file://';
const store = secureStore(join(app.getPath('userData'), 'state.json'), {
  available: () => safeStorage.isEncryptionAvailable(),
  encrypt: (text) => safeStorage.encryptString(text),
  decrypt: (data) => safeStorage.decryptString(data),
});

function harden(contents: WebContents) {
  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLink(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

function send(window: BrowserWindow, action: MenuAction) {
  window.webContents.send('menu:action', action);
}

function buildMenu(window: BrowserWindow) {
  const item = (label: string, accelerator: string, action: MenuAction) => ({
    label,
    accelerator,
    click: () => send(window, action),
  });
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('New', 'CmdOrCtrl+N', 'new'),
        item('Save', 'CmdOrCtrl+S', 'save'),
        { type: 'separator' },
        item('Sign out', 'CmdOrCtrl+Shift+Q', 'sign-out'),
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: [item('Search', 'CmdOrCtrl+K', 'search'), item('Reload data', 'CmdOrCtrl+R', 'reload')],
    },
    { role: 'windowMenu' },
  ]);
}

async function createWindow() {
  const window = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.cjs')));
  harden(window.webContents);
  Menu.setApplicationMenu(buildMenu(window));
  window.once('ready-to-show', () => window.show());
  if (devServer) await window.loadURL(devServer);
  else await window.loadFile(join(__dirname, '../renderer/index.html'));
  return window;
}

app.enableSandbox();
app.whenReady().then(async () => {
  const serverOrigin = async () => {
    const url = await store.serverUrl();
    return url ? new URL(url).origin : null;
  };
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionDecision(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  session.defaultSession.webRequest.onHeadersReceived(async (details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          contentSecurityPolicy(await serverOrigin(), devServer ? new URL(devServer).origin : null),
        ],
      },
    });
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));

  registerIpc((channel, listener) => ipcMain.handle(channel, listener), appOrigin, {
    'app:version': () => app.getVersion(),
    'settings:get-server-url': () => store.serverUrl(),
    'settings:set-server-url': ({ url }) => store.setServerUrl(url),
    'session:get-refresh-token': () => store.refreshToken(),
    'session:set-refresh-token': ({ token }) => store.setRefreshToken(token),
    'dialog:save-file': async ({ defaultName, base64, filters }) => {
      const window = BrowserWindow.getFocusedWindow();
      const options = { defaultPath: defaultName, filters };
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      const { writeFile } = await import('node:fs/promises');
      await writeFile(result.filePath, Buffer.from(base64, 'base64'));
      return result.filePath;
    },
    'print:document': async ({ toPdf, defaultName }) => {
      const window = BrowserWindow.getFocusedWindow();
      if (!window) return null;
      if (!toPdf) {
        window.webContents.print({ printBackground: true });
        return null;
      }
      const pdf = await window.webContents.printToPDF({ printBackground: true });
      const result = await dialog.showSaveDialog(window, {
        defaultPath: defaultName ?? 'document.pdf',
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (result.canceled || !result.filePath) return null;
      const { writeFile } = await import('node:fs/promises');
      await writeFile(result.filePath, pdf);
      return result.filePath;
    },
    'shell:open-external': async ({ url }) => {
      const external = externalLink(url);
      if (external) await shell.openExternal(external);
      return external !== null;
    },
  });

  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
