// Electron transport: one ipcMain handler in front of the shared router. Every call's sender is
// checked (our window, our app:// origin, top frame) before the router sees it.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { fail } from '../../shared/ipc/result';
import type { EventBus } from '../ipc/event-bus';
import type { Router } from '../ipc/router';
import { APP_ORIGIN, EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

export function attachElectronTransport(router: Router, events: EventBus, trusted: () => WebContents[]): () => void {
  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!trusted().some((contents) => contents.id === event.sender.id)) return false;
    return new URL(frame.url).origin === APP_ORIGIN;
  };

  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, payload: unknown) => {
    if (!isTrustedSender(event)) {
      return fail('forbidden_sender', 'IPC call from an untrusted frame was refused.');
    }
    return router.dispatch(channel, payload);
  });

  const removeSink = events.addSink((name, payload) => {
    for (const contents of trusted()) if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  });

  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    removeSink();
  };
}
