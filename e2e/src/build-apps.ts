// Vitest global setup for the browser tests: build the storefront and the desktop renderer once
// for every e2e file (each file used to build its own copy, a minute of CI each). Each file still
// gets its own database, API and preview servers (stack.ts).
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const storefrontRoot = fileURLToPath(new URL('../../apps/storefront', import.meta.url));
const desktopRoot = fileURLToPath(new URL('../../apps/desktop', import.meta.url));
export const builtStorefront = fileURLToPath(new URL('../../test-results/build/storefront', import.meta.url));
export const builtDesktop = fileURLToPath(new URL('../../test-results/build/desktop', import.meta.url));

export async function setup() {
  await build({
    root: storefrontRoot,
    logLevel: 'error',
    build: { outDir: builtStorefront, emptyOutDir: true, sourcemap: false },
  });
  await build({
    root: `${desktopRoot}/src/renderer`,
    configFile: `${desktopRoot}/vite.config.ts`,
    logLevel: 'error',
    build: { outDir: builtDesktop, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 5000 },
  });
}
