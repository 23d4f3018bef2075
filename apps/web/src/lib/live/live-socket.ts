import { io, type Socket } from 'socket.io-client';
import { uiNamespace, type UiClientEvents, type UiServerEvents } from '@switchyard/contracts';
import { liveSocketUrl } from './live-endpoint';

/** What the control plane pushes, and what a page sends (a terminal's keystrokes). */
export type LiveSocket = Socket<UiServerEvents, UiClientEvents>;

let current: { url: string; socket: LiveSocket } | undefined;

/** One connection per tab, shared by every view that listens; the session cookie authenticates it. */
export function liveSocket(): LiveSocket {
  const url = liveSocketUrl(uiNamespace, window.location);
  if (current?.url !== url) {
    current?.socket.disconnect();
    current = { url, socket: io(url, { withCredentials: true }) };
  }
  return current.socket;
}

export function isLiveSocketConnected(): boolean {
  return current?.socket.connected ?? false;
}

/** On logout: the connection belongs to the session that just ended. */
export function closeLiveSocket(): void {
  current?.socket.disconnect();
  current = undefined;
}
