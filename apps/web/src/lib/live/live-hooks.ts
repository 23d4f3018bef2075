'use client';

import { useCallback, useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import type { UiServerEvents } from '@switchyard/contracts';
import type { Socket } from 'socket.io-client';
import { isLiveSocketConnected, liveSocket } from './live-socket';

type LiveEventName = keyof UiServerEvents;
type LivePayload<Name extends LiveEventName> = Parameters<UiServerEvents[Name]>[0];

/** Calls `handler` for every `name` message the control plane pushes while the component is mounted. */
export function useLiveEvent<Name extends LiveEventName>(
  name: Name,
  handler: (payload: LivePayload<Name>) => void,
): void {
  const onMessage = useEffectEvent(handler);
  useEffect(() => {
    // Untyped view: socket.io's listener type is conditional, which TypeScript cannot narrow for a generic name.
    const socket: Socket = liveSocket();
    const eventName: string = name;
    const listener = (payload: LivePayload<Name>) => onMessage(payload);
    socket.on(eventName, listener);
    return () => {
      socket.off(eventName, listener);
    };
  }, [name]);
}

/** Calls `handler` on every (re)connection, so views can catch up on what they missed while offline. */
export function useLiveConnect(handler: () => void): void {
  const onConnect = useEffectEvent(handler);
  useEffect(() => {
    const socket = liveSocket();
    const listener = () => onConnect();
    socket.on('connect', listener);
    return () => {
      socket.off('connect', listener);
    };
  }, []);
}

export function useLiveConnected(): boolean {
  const subscribe = useCallback((onChange: () => void) => {
    const socket = liveSocket();
    socket.on('connect', onChange);
    socket.on('disconnect', onChange);
    socket.on('connect_error', onChange);
    return () => {
      socket.off('connect', onChange);
      socket.off('disconnect', onChange);
      socket.off('connect_error', onChange);
    };
  }, []);
  return useSyncExternalStore(subscribe, isLiveSocketConnected, () => false);
}
