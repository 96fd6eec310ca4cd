import { cpus } from 'node:os';
import type { DatabaseStatus, EngineStatus, SystemInfo } from '../../shared/types/system';
import { onnxRuntimeVersion } from '../ml/backends/onnx';

export interface SystemFacts {
  appName: string;
  appVersion: string;
  hostKind: 'electron' | 'browser';
  electronVersion: string | null;
  dataDir: string;
}

/** Gathers what the System page shows; database and engine state are read live on every call. */
export class SystemService {
  constructor(
    private readonly facts: SystemFacts,
    private readonly databaseStatus: () => DatabaseStatus,
    private readonly engineStatus: () => EngineStatus,
  ) {}

  getInfo(): SystemInfo {
    return {
      app: { name: this.facts.appName, version: this.facts.appVersion },
      host: {
        kind: this.facts.hostKind,
        electronVersion: this.facts.electronVersion,
        nodeVersion: process.versions.node,
        platform: process.platform,
        arch: process.arch,
        cpuCount: cpus().length,
      },
      engine: { onnxruntimeVersion: onnxRuntimeVersion(), status: this.engineStatus() },
      dataDir: this.facts.dataDir,
      database: this.databaseStatus(),
    };
  }
}
