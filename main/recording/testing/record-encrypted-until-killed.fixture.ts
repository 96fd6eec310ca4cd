// Child process for recording-encrypted.test.ts: records into an encrypted journal (as a recording
// in an encrypted library does) faster than real time, printing the 16 kHz samples acknowledged
// after each chunk, until the test kills it with SIGKILL.
import { RecordingSession } from '../recording-session';
import { toneChunk } from './recording-signals';

const [path, keyHex] = process.argv.slice(2);
if (!path || !keyHex) throw new Error('usage: record-encrypted-until-killed.fixture.ts <journal> <file key hex>');
const session = await RecordingSession.start('killed', path, 16_000, 1, Buffer.from(keyHex, 'hex'));
for (let seq = 0; ; seq++) {
  const outcome = await session.push(seq, toneChunk(seq));
  process.stdout.write(`${Math.round(outcome.writtenS * 16_000)}\n`);
  await new Promise((resolve) => setTimeout(resolve, 2));
}
