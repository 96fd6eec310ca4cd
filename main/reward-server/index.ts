// The GRPO-PTR reward server (issue 17): the app's own rewards over HTTP for an external RL engine.
export { scoreRequestSchema, type ErrorBody, type ScoreRequest, type ScoreResponse } from './reward-api';
export { DEFAULT_MAX_BODY_BYTES, startRewardServer, type RewardServerOptions, type RunningRewardServer } from './reward-http';
export { RewardServerError, type RewardServerErrorCode } from './reward-server-error';
export { MAX_RUNS, RewardService, toRewardGroup } from './reward-service';
export { DEFAULT_REWARD_MODEL_DIR, openRewardService, rewardConfigFor, type RewardServiceOptions } from './open-reward-service';
export { newToken, TOKEN_ENV, writeTokenFile } from './reward-token';
