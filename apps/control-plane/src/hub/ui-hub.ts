import type { Server } from 'socket.io';
import { uiNamespace, type UiServerEvents } from '@switchyard/contracts';
import type { LiveBus } from '../events/live-bus.js';
import { resolveActor, type Services } from '../trpc/context.js';
import { serveTerminals } from './ui-terminal.js';

/**
 * The dashboard's live channel: every signed-in browser gets node changes, new events and inventory
 * changes as they happen, and an operator's terminals. Admission needs the same session cookie as the
 * tRPC API.
 */
export function attachUiHub(io: Server, services: Services, bus: LiveBus): () => void {
  const namespace = io.of(uiNamespace);
  namespace.use((socket, next) => {
    resolveActor(services, socket.request.headers.cookie, undefined).then(
      ({ actor }) => (actor === null ? next(new Error('log in first: no valid session')) : next()),
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  });
  serveTerminals(namespace, services);
  const forward =
    <K extends keyof UiServerEvents>(name: K) =>
    (...args: Parameters<UiServerEvents[K]>) =>
      namespace.emit(name, ...args);
  const onNode = forward('node.changed');
  const onEvent = forward('event.recorded');
  const onInventory = forward('inventory.changed');
  bus.on('node.changed', onNode);
  bus.on('event.recorded', onEvent);
  bus.on('inventory.changed', onInventory);
  return () => {
    bus.off('node.changed', onNode);
    bus.off('event.recorded', onEvent);
    bus.off('inventory.changed', onInventory);
  };
}
