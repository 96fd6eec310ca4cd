import type { Api } from '../../../shared/ipc/api';

declare global {
  interface Window {
    /** The preload's API in the Electron shell; absent in the browser host. */
    emotionThinker?: Api;
  }
}
export {};
