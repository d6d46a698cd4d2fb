// The storefront talks to the API on its own origin at /trpc (and loads photos from /media): in development and preview Vite
// forwards /trpc to the API (API_PROXY_TARGET, default the local API); in production a reverse
// proxy does the same. Same origin keeps the refresh cookie first-party and needs no CORS.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.API_PROXY_TARGET ?? 'http://127.0.0.1:4000';
const proxy = {
  '/trpc': { target: apiTarget, changeOrigin: false },
  '/media': { target: apiTarget, changeOrigin: false },
  '/uploads': { target: apiTarget, changeOrigin: false },
};

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 5173, strictPort: true, proxy },
  build: { sourcemap: true },
});
