// Process entry of one augmented-copies shard (started by makeRecipeCopies through main/system/worker-process.ts).
import { serveCopiesShardOverIpc } from './copies-shard-worker';

serveCopiesShardOverIpc();
