// Handles the renderer's messages: each handler checks that the message comes from the app's
// own page (not a frame or page it navigated to) and that its input passes the channel's schema,
// before it does anything. Pure of Electron at import time, so it is unit-tested with fakes.
import { type IpcChannel, type IpcInput, ipcContract } from './ipc-contract';
import { isAppUrl } from './security';

export interface IpcEvent {
  senderFrame: { url: string } | null;
}

export class IpcRefusal extends Error {
  override readonly name = 'IpcRefusal';
}

export type Handlers = { [C in IpcChannel]: (input: IpcInput<C>) => unknown };

/** Wraps a handler in the sender and input checks. */
export function guarded<C extends IpcChannel>(channel: C, appOrigin: string, handler: Handlers[C]) {
  return async (event: IpcEvent, input: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url, appOrigin))
      throw new IpcRefusal(`${channel}: refused a message from ${url || 'an unknown sender'}`);
    const parsed = ipcContract[channel].safeParse(input);
    if (!parsed.success) {
      throw new IpcRefusal(`${channel}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    return handler(parsed.data as IpcInput<C>);
  };
}

/** Registers every channel's guarded handler with `handle` (ipcMain.handle in the app). */
export function registerIpc(
  handle: (channel: string, listener: (event: IpcEvent, input: unknown) => Promise<unknown>) => void,
  appOrigin: string,
  handlers: Handlers,
) {
  for (const channel of Object.keys(ipcContract) as IpcChannel[]) {
    handle(channel, guarded(channel, appOrigin, handlers[channel] as never));
  }
}
