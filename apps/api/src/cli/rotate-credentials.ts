// `pnpm credentials:rotate`: re-seals every shop's credentials with the first key of
// CREDENTIAL_KEYS. Put the new key first, keep the old ones after it, run this, then drop them.
import { closeDeps, createDeps } from '../app';
import { loadConfig } from '../config';
import { rotateCredentials } from '../modules/channels/shops.service';

const deps = await createDeps(loadConfig());
try {
  const count = await rotateCredentials(deps);
  console.log(`re-sealed ${count} shop(s) with key ${deps.credentials.current.id}`);
} finally {
  await closeDeps(deps);
}
