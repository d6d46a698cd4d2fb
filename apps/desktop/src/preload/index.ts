// The bridge the renderer gets as `window.crossdock`: one named function per IPC message (never
// ipcRenderer itself). Bundled into one file so the sandbox can stay on. Its type is what the
// renderer's bridge.ts codes against.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcChannel, IpcInput, MenuAction } from '../main/ipc-contract';

const invoke = <C extends IpcChannel>(channel: C, input?: IpcInput<C>) => ipcRenderer.invoke(channel, input);

const api = {
  version: () => invoke('app:version') as Promise<string>,
  serverUrl: () => invoke('settings:get-server-url') as Promise<string | null>,
  setServerUrl: (url: string) => invoke('settings:set-server-url', { url }) as Promise<void>,
  refreshToken: () => invoke('session:get-refresh-token') as Promise<string | null>,
  setRefreshToken: (token: string | null) => invoke('session:set-refresh-token', { token }) as Promise<void>,
  saveFile: (input: IpcInput<'dialog:save-file'>) =>
    invoke('dialog:save-file', input) as Promise<string | null>,
  print: (input: IpcInput<'print:document'>) => invoke('print:document', input) as Promise<string | null>,
  openExternal: (url: string) => invoke('shell:open-external', { url }) as Promise<boolean>,
  onMenuAction: (listener: (action: MenuAction) => void) => {
    const wrapped = (_event: unknown, action: MenuAction) => listener(action);
    ipcRenderer.on('menu:action', wrapped);
    return () => {
      ipcRenderer.off('menu:action', wrapped);
    };
  },
};

export type CrossdockBridge = typeof api;

contextBridge.exposeInMainWorld('crossdock', api);
