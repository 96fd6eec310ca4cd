// The reward server's door (issue 17): no token or a wrong one is a 401; malformed JSON, a wrong
// shape, a body too large, a wrong method or media type, a batch the scorer cannot read — each a typed
// JSON 4xx, and the server still answers a good request afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken, openRewardService, startRewardServer, type RunningRewardServer } from '.';
import type { RewardService } from './reward-service';

const LABELS = ['angry', 'happy', 'neutral', 'sad'];
const GOOD = {
  reasoning: 'off',
  labels: LABELS,
  groups: [{ clipId: 'c1', truth: 'sad', completions: [{ text: '<think>Low and slow.</think><answer>sad</answer>' }] }],
};

let server: RunningRewardServer;
let service: RewardService;
const token = newToken();

beforeAll(async () => {
  service = await openRewardService({ scorer: 'evidence-checker', ablation: 'no-schedule' });
  server = await startRewardServer({ service, token, port: 0, maxBodyBytes: 4096 });
});
afterAll(async () => {
  await server.close();
  await service.release();
});

async function post(body: string, headers: Record<string, string> = {}, path = '/v1/score', method = 'POST') {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(method === 'GET' ? {} : { body }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

describe('the reward server', () => {
  it('listens on loopback only unless told otherwise', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a request without the token, or with a wrong one, with 401 and scores nothing', async () => {
    const none = await post(JSON.stringify(GOOD), { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('unauthorized');
    const wrong = await post(JSON.stringify(GOOD), { authorization: `Bearer ${newToken()}` });
    expect(wrong.status).toBe(401);
    expect((await post('', { authorization: `Basic ${token}` }, '/v1/health', 'GET')).status).toBe(401);
  });

  it('answers malformed requests with typed 4xx errors and keeps serving', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['{"labels": [', {}, 400, 'malformed_json'],
      [JSON.stringify({ ...GOOD, groups: [] }), {}, 400, 'invalid_request'],
      [JSON.stringify({ ...GOOD, labels: 'sad' }), {}, 400, 'invalid_request'],
      [JSON.stringify({ ...GOOD, groups: [{ clipId: 'c', truth: 'sad', completions: [{ text: 7 }] }] }), {}, 400, 'invalid_request'],
      [JSON.stringify(GOOD), { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
      [JSON.stringify({ ...GOOD, padding: 'x'.repeat(8000) }), {}, 413, 'body_too_large'],
    ];
    for (const [body, headers, status, code] of cases) {
      const answer = await post(body, headers);
      expect([answer.status, answer.body.error?.code]).toEqual([status, code]);
      expect(answer.body.error?.message.length).toBeGreaterThan(5);
    }
    expect((await post('{}', {}, '/v1/nothing')).status).toBe(404);
    expect((await post('', {}, '/v1/score', 'GET')).status).toBe(405);
    const good = await post(JSON.stringify(GOOD));
    expect(good.status).toBe(200);
    expect((good.body.groups as { rewards: { total: number }[] }[])[0]!.rewards[0]!.total).toBeCloseTo(1.3, 12);
  });

  it('answers a batch its scorer cannot read (a prosody summary of the wrong shape) with 422, then serves the next', async () => {
    const mixed = {
      labels: LABELS,
      groups: [
        {
          clipId: 'c2',
          truth: 'sad',
          prosody: { levels: 'not a summary' },
          completions: [
            { text: '<think>Low pitch.</think><answer>sad</answer>' },
            { text: '<think>High pitch.</think><answer>angry</answer>' },
          ],
        },
      ],
    };
    const bad = await post(JSON.stringify(mixed));
    expect([bad.status, bad.body.error?.code]).toEqual([422, 'scoring_failed']);
    expect((await post(JSON.stringify(GOOD))).status).toBe(200);
  });

  it('tells its settings on /v1/health', async () => {
    const health = await post('', {}, '/v1/health', 'GET');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, scorer: 'evidence-checker', rewards: { schedule: { mode: 'always' } } });
  });
});
