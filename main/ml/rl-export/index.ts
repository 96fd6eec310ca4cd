// Export a GRPO-PTR job for verl or TRL (issue 17); the rewards stay in main/reward-server.
export { ADAPTER_FILE, COT_FILE_NAME, exportRl, type ExportRlOptions, type ExportRlResult } from './export-rl';
export {
  DEFAULT_POLICY,
  DEFAULT_REWARD_PORT,
  launchSettings,
  PAPER_LEARNING_RATE,
  type LaunchSettings,
  type RlEngine,
} from './launch-config';
export { RlExportError, type RlExportErrorCode } from './rl-export-error';
export { DATA_SOURCE, SYSTEM_PROMPT, type TrlRow, type VerlRow } from './rl-rows';
