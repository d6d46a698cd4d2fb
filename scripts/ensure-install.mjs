// Makes `npm start` / `npm test` work on a fresh machine that has only Node and npm:
// installs pnpm when it is missing, then brings the workspace's dependencies in line with
// the lockfile (a second or so when they already are).
import { execSync } from 'node:child_process';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });

try {
  execSync('pnpm --version', { stdio: 'ignore' });
} catch {
  console.log('pnpm is missing: installing pnpm@10 with npm');
  run('npm install -g pnpm@10');
}
run('pnpm install --frozen-lockfile --prefer-offline --reporter=silent');
