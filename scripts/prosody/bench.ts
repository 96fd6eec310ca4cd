// Analysis time of analyzeProsody on real 4 s clips (pitch tracking included), median of repeats.
// Run: npx tsx scripts/prosody/bench.ts
import path from 'node:path';
import { existsSync } from 'node:fs';
import { analyzeProsody } from '../../main/prosody/analyze';
import { readWav16k, SHARED_DATA_DIR } from '../../main/prosody/testing/audio-files';
import { median, percentile } from '../../main/prosody/stats';

const clip = path.join(SHARED_DATA_DIR, 'ravdess/Actor_01/03-01-05-02-01-01-01.wav');
if (!existsSync(clip)) {
  console.error(`No clip at ${clip}.`);
  process.exit(1);
}
const audio = await readWav16k(clip);
for (let i = 0; i < 5; i++) analyzeProsody(audio); // warm the JIT
const times = Array.from({ length: 30 }, () => analyzeProsody(audio).analysisMs);
console.log(
  `analyzeProsody on a ${(audio.samples.length / 16000).toFixed(2)} s clip: median ${median(times).toFixed(1)} ms, p90 ${percentile(times, 90).toFixed(1)} ms (30 runs)`,
);
