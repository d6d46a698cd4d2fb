// `npm start` / `pnpm start`: runs the product on one machine — the API on the embedded
// database with demo data, and the built storefront — then prints where to find them.
// Ctrl-C stops both.
import { spawn } from 'node:child_process';

const apiPort = process.env.PORT ?? '4000';
const storefrontPort = '5173';
const children = [
  spawn('pnpm', ['--filter', '@crossdock/api', 'run', 'demo'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort },
  }),
  spawn(
    'pnpm',
    [
      '--filter',
      '@crossdock/storefront',
      'exec',
      'vite',
      'preview',
      '--port',
      storefrontPort,
      '--strictPort',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  ),
];

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
for (const child of children) child.on('exit', (code) => stop(code ?? 1));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url) {
  for (let i = 0; i < 240 && !stopping; i += 1) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

const api = `http://127.0.0.1:${apiPort}`;
const storefront = `http://localhost:${storefrontPort}`;
if ((await waitFor(`${api}/readyz`)) && (await waitFor(storefront))) {
  console.log(
    `\nCrossdock is running.\n  Storefront  ${storefront}\n  API         ${api}/trpc\nPress Ctrl-C to stop.\n`,
  );
}
