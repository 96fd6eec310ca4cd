// Child process for library-encryption.test.ts: turns encryption on for a library, printing each
// step and pausing after it, so the test can kill it with SIGKILL part-way through the migration.
import { enableLibraryEncryption } from '../library-lock';

const [dataDir, databaseFile, passphrase] = process.argv.slice(2);
if (!dataDir || !databaseFile || !passphrase) throw new Error('usage: encrypt-until-killed.fixture.ts <data dir> <database> <passphrase>');
await enableLibraryEncryption(dataDir, databaseFile, { kind: 'passphrase', passphrase }, async (step) => {
  process.stdout.write(`${step}\n`);
  await new Promise((resolve) => setTimeout(resolve, 150));
});
process.stdout.write('done\n');
