// `emotionthinker reward-server --port N`: the app's GRPO-PTR rewards over HTTP for verl or TRL (issue
// 17). Runs until SIGINT/SIGTERM (or `stop` aborts). Exit code: 0 after a clean stop, 2 when it could
// not start (bad options, the port taken, no reward model).
import path from 'node:path';
import { GRPO_ABLATIONS, type GrpoAblation } from '../../shared/types/grpo';
import { describeError, errorCodeOf } from '../../shared/errors/coded-error';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REWARD_MODEL_DIR,
  newToken,
  openRewardService,
  RewardServerError,
  startRewardServer,
  TOKEN_ENV,
  writeTokenFile,
} from '../../main/reward-server';
import { PROVIDER_PREFERENCE } from '../../main/ml/backends/onnx';
import type { ExecutionProviderName } from '../../shared/types/engine';
import { parseCommandLine, type Output } from './command-line';

export const REWARD_SERVER_USAGE = `Usage: emotionthinker reward-server [options]

Serves the app's own GRPO-PTR rewards (format, outcome, τ·R_reason, the progressive schedule) to an
RL engine: POST /v1/score with "Authorization: Bearer <token>" (see an export-rl README).

Options:
  --port N             port (default 8765; 0: any free one)
  --host H             address to listen on (default 127.0.0.1: this machine only)
  --token-file FILE    where to write the random token, mode 0600 (default ./reward-server.token);
                       with ${TOKEN_ENV} set, that token is used and no file is written
  --ablation A         ${GRPO_ABLATIONS.join(' | ')} (default full)
  --scorer S           reward-model (default) | evidence-checker
  --reward-model DIR   the reasoning reward model (default ${path.relative(process.cwd(), DEFAULT_REWARD_MODEL_DIR) || DEFAULT_REWARD_MODEL_DIR})
  --threshold X        outcome accuracy that switches R_reason on (default 0.5)
  --window-steps N     steps the accuracy is pooled over (default 10)
  --threads N          ONNX Runtime intra-op threads of the reward model
  --provider P         ONNX Runtime provider of the reward model: cpu (default), cuda, dml, coreml
                       (CPU is kept as the fallback; rewards match the app's own when both use the same one)
  --max-body-mb N      largest request body (default ${DEFAULT_MAX_BODY_BYTES / 1024 / 1024})
  -h, --help           show this help`;

function numberOption(value: string | undefined, name: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
    throw new RewardServerError('bad_option', `--${name} must be a ${integer ? 'whole ' : ''}number ≥ 0, got "${value}"`);
  return n;
}

function waitForStop(stop: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (stop) {
      if (stop.aborted) resolve();
      else stop.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

export async function runRewardServer(argv: string[], io: Output, stop?: AbortSignal): Promise<number> {
  const line = parseCommandLine(
    argv,
    {
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'token-file': { type: 'string' },
        ablation: { type: 'string' },
        scorer: { type: 'string' },
        'reward-model': { type: 'string' },
        threshold: { type: 'string' },
        'window-steps': { type: 'string' },
        threads: { type: 'string' },
        provider: { type: 'string' },
        'max-body-mb': { type: 'string' },
      },
    },
    REWARD_SERVER_USAGE,
    io,
  );
  if ('exitCode' in line) return line.exitCode;
  const { values } = line;
  let service;
  let server;
  try {
    const ablation = values.ablation as GrpoAblation | undefined;
    if (ablation !== undefined && !GRPO_ABLATIONS.includes(ablation))
      throw new RewardServerError('bad_option', `--ablation must be one of ${GRPO_ABLATIONS.join(', ')}`);
    if (values.scorer !== undefined && values.scorer !== 'reward-model' && values.scorer !== 'evidence-checker')
      throw new RewardServerError('bad_option', '--scorer must be reward-model or evidence-checker');
    const provider = values.provider as ExecutionProviderName | undefined;
    if (provider !== undefined && !PROVIDER_PREFERENCE.includes(provider))
      throw new RewardServerError('bad_option', `--provider must be one of ${PROVIDER_PREFERENCE.join(', ')}`);
    const threshold = numberOption(values.threshold, 'threshold', false);
    const windowSteps = numberOption(values['window-steps'], 'window-steps', true);
    const threads = numberOption(values.threads, 'threads', true);
    const maxBodyMb = numberOption(values['max-body-mb'], 'max-body-mb', false);
    const port = numberOption(values.port, 'port', true) ?? 8765;
    service = await openRewardService({
      ...(ablation ? { ablation } : {}),
      ...(values.scorer ? { scorer: values.scorer as 'reward-model' | 'evidence-checker' } : {}),
      ...(values['reward-model'] ? { rewardModelDir: path.resolve(values['reward-model']) } : {}),
      ...(threshold !== undefined ? { threshold } : {}),
      ...(windowSteps !== undefined ? { windowSteps } : {}),
      ...(threads !== undefined ? { intraOpNumThreads: threads } : {}),
      ...(provider && provider !== 'cpu' ? { executionProviders: [provider, 'cpu'] as ExecutionProviderName[] } : {}),
    });
    const fromEnv = process.env[TOKEN_ENV]?.trim();
    const token = fromEnv || newToken();
    server = await startRewardServer({
      service,
      token,
      port,
      ...(values.host ? { host: values.host } : {}),
      ...(maxBodyMb !== undefined ? { maxBodyBytes: Math.round(maxBodyMb * 1024 * 1024) } : {}),
      log: io.err,
    });
    let tokenNote = `token from ${TOKEN_ENV}`;
    if (!fromEnv) {
      const file = path.resolve(values['token-file'] ?? 'reward-server.token');
      writeTokenFile(file, token);
      tokenNote = `token in ${file} (mode 0600)`;
    }
    io.out(`EmotionThinker reward server on ${server.url} (scorer ${service.scorerName}; ${tokenNote}); Ctrl-C stops it.`);
  } catch (error) {
    await server?.close();
    await service?.release();
    io.err(`emotionthinker: [${errorCodeOf(error, 'start_failed')}] ${describeError(error)}`);
    return 2;
  }
  await waitForStop(stop);
  await server.close();
  await service.release();
  io.out('reward server stopped');
  return 0;
}
