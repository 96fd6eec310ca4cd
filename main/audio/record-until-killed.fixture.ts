// Child process for wav-writer.test.ts: records a continuous 220 Hz tone faster than real time and
// reports the seconds written after each chunk, until the test kills it with SIGKILL.
import { IncrementalWavWriter } from './wav-writer';

const path = process.argv[2];
if (!path) throw new Error('usage: record-until-killed.fixture.ts <out.wav>');
const writer = await IncrementalWavWriter.create(path, { sampleRate: 16_000, channels: 1 });
const chunkFrames = 1600;
let frame = 0;
for (;;) {
  const chunk = Float32Array.from({ length: chunkFrames }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * (frame + i)) / 16_000));
  frame += chunkFrames;
  await writer.append(chunk);
  process.stdout.write(`${writer.durationS.toFixed(2)}\n`);
  await new Promise((resolve) => setTimeout(resolve, 5));
}
