import type { Server } from 'socket.io';
import { uiNamespace, type UiServerEvents } from '@switchyard/contracts';
import type { LiveBus } from '../events/live-bus.js';
import { resolveActor, type Services } from '../trpc/context.js';

/**
 * The dashboard's live channel: every signed-in browser gets node changes and new events as they
 * happen. Admission needs the same session cookie as the tRPC API.
 */
export function attachUiHub(io: Server, services: Services, bus: LiveBus): () => void {
  const namespace = io.of(uiNamespace);
  namespace.use((socket, next) => {
    resolveActor(services, socket.request.headers.cookie, undefined).then(
      ({ actor }) => (actor === null ? next(new Error('log in first: no valid session')) : next()),
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  });
  const forward =
    <K extends keyof UiServerEvents>(name: K) =>
    (...args: Parameters<UiServerEvents[K]>) =>
      namespace.emit(name, ...args);
  const onNode = forward('node.changed');
  const onEvent = forward('event.recorded');
  bus.on('node.changed', onNode);
  bus.on('event.recorded', onEvent);
  return () => {
    bus.off('node.changed', onNode);
    bus.off('event.recorded', onEvent);
  };
}
