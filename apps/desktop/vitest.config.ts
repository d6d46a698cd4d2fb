import { defineProject } from 'vitest/config';

// The main process's pure modules (security settings, IPC checks); the renderer is tested in
// Chromium by the e2e suite.
export default defineProject({
  test: {
    name: 'desktop',
    include: ['src/main/**/*.test.ts', 'src/preload/**/*.test.ts', 'src/renderer/**/*.test.ts'],
  },
});
