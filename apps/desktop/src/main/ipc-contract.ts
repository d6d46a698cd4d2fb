// Every message the renderer may send to the main process, each with the zod schema its input
// must pass. The preload exposes one named function per message; the main process validates the
// input and the sender of each before acting.
import { z } from 'zod';

const serverUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'Enter the server’s address, like https://crossdock.example.com');

export const ipcContract = {
  'app:version': z.undefined(),
  'settings:get-server-url': z.undefined(),
  'settings:set-server-url': z.strictObject({ url: serverUrl }),
  'session:get-refresh-token': z.undefined(),
  /** null forgets it (sign-out, revoked session). */
  'session:set-refresh-token': z.strictObject({ token: z.string().min(20).max(500).nullable() }),
  'dialog:save-file': z.strictObject({
    defaultName: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\\/:*?"<>|]+$/, 'Not a file name'),
    /** The file's bytes, base64 (CSV and XLSX exports). */
    base64: z.string().max(200 * 1024 * 1024),
    filters: z
      .array(
        z.strictObject({
          name: z.string().max(50),
          extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(5),
        }),
      )
      .max(5),
  }),
  'print:document': z.strictObject({
    toPdf: z.boolean(),
    defaultName: z.string().min(1).max(200).optional(),
  }),
  'shell:open-external': z.strictObject({ url: z.string().max(2000) }),
} as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcInput<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]>;
export const ipcChannels = Object.keys(ipcContract) as IpcChannel[];

/** Messages the main process sends to the renderer (native menu actions). */
export const menuActions = ['search', 'new', 'save', 'reload', 'sign-out'] as const;
export type MenuAction = (typeof menuActions)[number];
