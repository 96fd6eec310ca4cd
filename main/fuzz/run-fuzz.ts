// `npm run fuzz [-- --cases N] [--seed S] [--only audio|ipc] [--audio N] [--messages N] [--frames N]`:
// the long fuzz run (default 10,000 audio inputs, 10,000 IPC messages and 10,000 raw WebSocket
// frames), a table of counts by outcome per target, exit status 1 if any case crashed, hung, threw an
// untyped error or over-allocated. The bounded run in fuzz.test.ts is the same code with fewer cases.
import { fuzzAudio } from './audio-fuzz';
import { loadSeeds } from './audio-seeds';
import { fuzzIpc } from './ipc-fuzz';
import { formatTally, type Tally } from './report';

interface Args {
  audio: number;
  messages: number;
  frames: number;
  seed: number;
  saveTo: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return undefined;
    const v = argv[at + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
    return v;
  };
  const count = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${v}`);
    return n;
  };
  const cases = count('cases', 10_000);
  const only = value('only');
  if (only && only !== 'audio' && only !== 'ipc') throw new Error(`--only is audio or ipc, got ${only}`);
  return {
    audio: only === 'ipc' ? 0 : count('audio', cases),
    messages: only === 'audio' ? 0 : count('messages', cases),
    frames: only === 'audio' ? 0 : count('frames', cases),
    seed: count('seed', 1),
    saveTo: value('save'),
  };
}

function progress(label: string, total: number) {
  const every = Math.max(100, Math.round(total / 20));
  const started = performance.now();
  return (done: number, tally: Tally) => {
    if (done % every !== 0 && done !== total) return;
    const s = (performance.now() - started) / 1000;
    process.stderr.write(`${label}: ${done}/${total} in ${s.toFixed(0)} s, ${tally.bad()} bad\n`);
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const tallies: [Tally, string][] = [];
  console.log(`fuzz: seed ${args.seed}, ${args.audio} audio inputs, ${args.messages} IPC messages, ${args.frames} raw frames`);
  if (args.audio > 0) {
    const seeds = loadSeeds();
    console.log(`audio seeds: ${seeds.description}`);
    const t = performance.now();
    const audio = await fuzzAudio({
      cases: args.audio,
      seed: args.seed,
      seeds,
      ...(args.saveTo ? { saveFailuresTo: args.saveTo } : {}),
      onProgress: progress('audio', args.audio),
    });
    tallies.push([
      audio.tally,
      `audio (decode + prosody), ${((performance.now() - t) / 1000).toFixed(0)} s, peak RSS growth in one case ${(audio.peakRssGrowthBytes / 1024 ** 2).toFixed(0)} MiB`,
    ]);
  }
  if (args.messages + args.frames > 0) {
    const t = performance.now();
    const ipc = await fuzzIpc({
      messages: args.messages,
      frames: args.frames,
      seed: args.seed,
      onProgress: progress('ipc', args.messages + args.frames),
    });
    const s = ((performance.now() - t) / 1000).toFixed(0);
    tallies.push([ipc.messages, `IPC messages (WebSocket text and router values), ${s} s for both IPC targets`]);
    tallies.push([
      ipc.frames,
      `raw WebSocket frames and handshakes (${ipc.clientsDropped} clients dropped for protocol errors, ${ipc.clientsLeftOpen} connections left open at the end)`,
    ]);
  }
  for (const [tally, title] of tallies) console.log(`\n${formatTally(tally, title)}`);
  const bad = tallies.reduce((n, [t]) => n + t.bad(), 0);
  console.log(
    `\nfuzz: ${tallies.reduce((n, [t]) => n + t.cases, 0)} cases in ${((performance.now() - started) / 1000).toFixed(0)} s, ${bad} bad`,
  );
  process.exitCode = bad > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
