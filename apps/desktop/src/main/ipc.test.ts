import { describe, expect, it, vi } from 'vitest';
import { guarded, IpcRefusal, registerIpc } from './ipc';
import { ipcChannels } from './ipc-contract';

const fromApp = { senderFrame: { url: 'file:///opt/crossdock/index.html' } };

describe('IPC handlers', () => {
  it('run for the app’s own page with valid input', async () => {
    const set = vi.fn();
    const handler = guarded('settings:set-server-url', 'file://', set);
    await handler(fromApp, { url: 'https://shop.example.com' });
    expect(set).toHaveBeenCalledWith({ url: 'https://shop.example.com' });
  });

  it('refuse other senders and invalid input, without calling the handler', async () => {
    const set = vi.fn();
    const handler = guarded('settings:set-server-url', 'file://', set);
    await expect(
      handler({ senderFrame: { url: 'https://evil.example/' } }, { url: 'https://x.example' }),
    ).rejects.toBeInstanceOf(IpcRefusal);
    await expect(handler({ senderFrame: null }, { url: 'https://x.example' })).rejects.toBeInstanceOf(
      IpcRefusal,
    );
    await expect(handler(fromApp, { url: 'ftp://files.example' })).rejects.toThrow(
      'Enter the server’s address',
    );
    await expect(handler(fromApp, { url: 'https://x.example', extra: 1 })).rejects.toBeInstanceOf(IpcRefusal);
    await expect(handler(fromApp, 'https://x.example')).rejects.toBeInstanceOf(IpcRefusal);
    const save = vi.fn();
    const saveFile = guarded('dialog:save-file', 'file://', save);
    await expect(
      saveFile(fromApp, { defaultName: '../../etc/passwd', base64: '', filters: [] }),
    ).rejects.toThrow('Not a file name');
    expect(set).not.toHaveBeenCalled();
    expect(save).not.toHaveBeenCalled();
  });

  it('registers a guarded handler for every channel', () => {
    const registered: string[] = [];
    registerIpc(
      (channel) => registered.push(channel),
      'file://',
      Object.fromEntries(ipcChannels.map((c) => [c, () => null])) as never,
    );
    expect(registered.sort()).toEqual([...ipcChannels].sort());
  });
});
