// Electron IPC channel names. All calls share one invoke channel carrying the contract channel name,
// so the router (not ipcMain's registry) decides what exists and validates it.
export const INVOKE_CHANNEL = 'et:invoke';
export const EVENT_CHANNEL = 'et:event';
/** Origin the renderer is served from in the Electron shell (custom protocol instead of file://). */
export const APP_ORIGIN = 'app://emotionthinker';
