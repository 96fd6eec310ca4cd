// One-off measurement, not a test: how long decodeAudioFile takes on 10 minutes of 44.1 kHz stereo
// as WAV and MP3, per resampler quality. CPU time is printed too: on a shared machine wall time
// depends on what else runs. Run: npx tsx main/audio/decode-speed.bench.ts
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudioFile } from './decode-audio';
import type { ResamplerQuality } from './resampler';
import { ffmpegStereoTone, HAVE_FFMPEG, makeTempDir } from './test-support';

if (!HAVE_FFMPEG) {
  console.error('ffmpeg is needed to make the 10-minute fixtures');
  process.exit(1);
}
const temp = makeTempDir('et-audio-bench-');
try {
  const files = [
    ['wav (pcm16)', join(temp.dir, 'ten-minutes.wav'), ['-c:a', 'pcm_s16le']],
    ['mp3 (128 kb/s)', join(temp.dir, 'ten-minutes.mp3'), ['-c:a', 'libmp3lame', '-b:a', '128k']],
  ] as const;
  for (const [, path, codecArgs] of files) {
    ffmpegStereoTone(path, { frequencyHz: 220, sampleRate: 44_100, durationS: 600, codecArgs: [...codecArgs] });
  }
  const qualities: ResamplerQuality[] = ['medium', 'fast'];
  for (const [name, path] of files) {
    for (const quality of qualities) {
      const rssBefore = process.memoryUsage().rss;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const { source } = await decodeAudioFile(path, { quality });
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 ** 2;
      console.log(
        `${name.padEnd(15)} ${(statSync(path).size / 1024 ** 2).toFixed(0).padStart(4)} MB  quality=${quality.padEnd(6)}` +
          ` wall ${seconds.toFixed(2)} s, CPU ${cpuSeconds.toFixed(2)} s (${(source.durationS / seconds).toFixed(0)}× real time), RSS +${rssGrowthMb.toFixed(0)} MB`,
      );
    }
  }
} finally {
  temp.remove();
}
