// Sandboxed preload: exposes the typed domain API generated from the contract, and nothing else —
// never ipcRenderer itself, never a raw listener (events come back as unsubscribe functions).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from '../../shared/ipc/api';
import type { IpcResult } from '../../shared/ipc/result';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

const api = buildApi({
  invoke: (channel, payload) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, payload) as Promise<IpcResult<unknown>>,
  subscribe: (event, listener) => {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
});

contextBridge.exposeInMainWorld('emotionThinker', api);
