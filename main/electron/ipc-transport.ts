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

  // One client per page load of a window: what a page held open (recordings, uploads) is closed for
  // it when the page reloads, navigates, crashes or the window goes, as nobody is left to stop it.
  const watched = new Set<number>();
  const watch = (contents: WebContents): void => {
    if (watched.has(contents.id)) return;
    watched.add(contents.id);
    const clientId = `webcontents-${contents.id}`;
    const gone = () => router.clientGone(clientId);
    contents.on('did-navigate', gone);
    contents.on('render-process-gone', gone);
    contents.once('destroyed', () => {
      watched.delete(contents.id);
      gone();
    });
  };

  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, payload: unknown) => {
    if (!isTrustedSender(event)) {
      return fail('forbidden_sender', 'IPC call from an untrusted frame was refused.');
    }
    watch(event.sender);
    return router.dispatch(channel, payload, { clientId: `webcontents-${event.sender.id}` });
  });

  const removeSink = events.addSink((name, payload) => {
    for (const contents of trusted()) if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  });

  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    removeSink();
  };
}
