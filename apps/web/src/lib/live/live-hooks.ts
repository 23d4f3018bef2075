'use client';

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useSyncExternalStore,
} from 'react';
import type { UiServerEvents } from '@switchyard/contracts';
import type { Socket } from 'socket.io-client';
import type { LiveEndpoint } from './live-endpoint';
import { isLiveSocketConnected, liveSocket } from './live-socket';

export const LiveEndpointContext = createContext<LiveEndpoint | null>(null);

function useLiveEndpoint(): LiveEndpoint {
  const endpoint = useContext(LiveEndpointContext);
  if (!endpoint) throw new Error('useLiveEndpoint needs a LiveEndpointContext provider');
  return endpoint;
}

type LiveEventName = keyof UiServerEvents;
type LivePayload<Name extends LiveEventName> = Parameters<UiServerEvents[Name]>[0];

/** Calls `handler` for every `name` message the control plane pushes while the component is mounted. */
export function useLiveEvent<Name extends LiveEventName>(
  name: Name,
  handler: (payload: LivePayload<Name>) => void,
): void {
  const endpoint = useLiveEndpoint();
  const onMessage = useEffectEvent(handler);
  useEffect(() => {
    // Untyped view: socket.io's listener type is conditional, which TypeScript cannot narrow for a generic name.
    const socket: Socket = liveSocket(endpoint);
    const eventName: string = name;
    const listener = (payload: LivePayload<Name>) => onMessage(payload);
    socket.on(eventName, listener);
    return () => {
      socket.off(eventName, listener);
    };
  }, [endpoint, name]);
}

/** Calls `handler` on every (re)connection, so views can catch up on what they missed while offline. */
export function useLiveConnect(handler: () => void): void {
  const endpoint = useLiveEndpoint();
  const onConnect = useEffectEvent(handler);
  useEffect(() => {
    const socket = liveSocket(endpoint);
    const listener = () => onConnect();
    socket.on('connect', listener);
    return () => {
      socket.off('connect', listener);
    };
  }, [endpoint]);
}

export function useLiveConnected(): boolean {
  const endpoint = useLiveEndpoint();
  const subscribe = useCallback(
    (onChange: () => void) => {
      const socket = liveSocket(endpoint);
      socket.on('connect', onChange);
      socket.on('disconnect', onChange);
      socket.on('connect_error', onChange);
      return () => {
        socket.off('connect', onChange);
        socket.off('disconnect', onChange);
        socket.off('connect_error', onChange);
      };
    },
    [endpoint],
  );
  return useSyncExternalStore(subscribe, isLiveSocketConnected, () => false);
}
