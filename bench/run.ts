// `pnpm bench [identity|catalog|checkout|channels|channels-import]`: runs the named benchmarks (all when none is named) and
// prints their figures. Benchmarks measure; they assert nothing.
import { catalogBench } from './catalog';
import { channelsBench } from './channels';
import { channelsImportBench } from './channels-import';
import { checkoutBench } from './checkout';
import { identityBench } from './identity';

const benches: Record<string, () => Promise<void>> = {
  identity: identityBench,
  catalog: catalogBench,
  checkout: checkoutBench,
  channels: async () => {
    await channelsImportBench();
    await channelsBench();
  },
  'channels-import': channelsImportBench,
};
const chosen = process.argv.slice(2).filter((a) => a in benches);
for (const name of chosen.length ? chosen : Object.keys(benches)) {
  console.log(`\n=== ${name} ===`);
  await benches[name]!();
}
process.exit(0);
