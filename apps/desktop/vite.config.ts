// The renderer on its own, for development and tests in a browser (Chromium): `pnpm --filter
// @crossdock/desktop dev:renderer`, `build`. The Electron build (main, preload, renderer) is
// electron.vite.config.ts.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  server: { port: 5174, strictPort: true },
  preview: { port: 5174, strictPort: true },
  build: { outDir: '../../dist', emptyOutDir: true },
});
