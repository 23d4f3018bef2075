import type { UiClientEvents, UiServerEvents } from '@switchyard/contracts';

type OutputMessage = Parameters<UiServerEvents['exec.output']>[0];
type ExitMessage = Parameters<UiServerEvents['exec.exit']>[0];
type OpenRequest = Parameters<UiClientEvents['exec.open']>[0];
type OpenReply = Parameters<Parameters<UiClientEvents['exec.open']>[1]>[0];

/** The part of the live socket a terminal uses; the dashboard's typed socket.io client fits it. */
export interface ExecChannel {
  emit<Name extends keyof UiClientEvents>(name: Name, ...args: Parameters<UiClientEvents[Name]>): unknown;
  on(name: 'exec.output', listener: (message: OutputMessage) => void): unknown;
  on(name: 'exec.exit', listener: (message: ExitMessage) => void): unknown;
  on(name: 'disconnect', listener: () => void): unknown;
  off(name: 'exec.output', listener: (message: OutputMessage) => void): unknown;
  off(name: 'exec.exit', listener: (message: ExitMessage) => void): unknown;
  off(name: 'disconnect', listener: () => void): unknown;
}

export interface ExecHandlers {
  opened: (execId: string) => void;
  output: (data: Uint8Array) => void;
  /** The command ended (its exit code), the control plane refused it, or the channel dropped. */
  ended: (end: { exitCode: number } | { error: string }) => void;
}

export interface ExecSession {
  input: (data: string) => void;
  resize: (cols: number, rows: number) => void;
  /** Ends the session (the tab closed): the control plane kills the command. Safe to call twice. */
  close: () => void;
}

/** The control plane takes at most 65536 characters a message: a large paste goes in pieces. */
const inputChunk = 16_384;

/** socket.io hands binary over as an ArrayBuffer or a view, depending on the transport. */
function bytesOf(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new TextEncoder().encode(String(data));
}

/**
 * One terminal session over the `/ui` socket: opens it, and until the acknowledgement names its id
 * keeps whatever output and exit arrive (the control plane starts the command before it replies,
 * and a command that cannot run ends at once), then passes keystrokes and sizes on and reports the
 * end once.
 */
export function openExecSession(
  channel: ExecChannel,
  request: OpenRequest,
  handlers: ExecHandlers,
): ExecSession {
  let execId: string | null = null;
  let closed = false;
  const early: OutputMessage[] = [];
  let earlyExits: ExitMessage[] = [];
  let size = { cols: request.cols, rows: request.rows };

  const finish = (end: { exitCode: number } | { error: string }) => {
    if (closed) return;
    closed = true;
    detach();
    handlers.ended(end);
  };
  const onOutput = (message: OutputMessage) => {
    if (closed) return;
    if (execId === null) early.push(message);
    else if (message.execId === execId) handlers.output(bytesOf(message.data));
  };
  const onExit = (message: ExitMessage) => {
    if (execId === null) earlyExits.push(message);
    else if (message.execId === execId) finish({ exitCode: message.exitCode });
  };
  const onDisconnect = () => finish({ error: 'the connection to the control plane dropped' });
  function detach(): void {
    channel.off('exec.output', onOutput);
    channel.off('exec.exit', onExit);
    channel.off('disconnect', onDisconnect);
  }

  channel.on('exec.output', onOutput);
  channel.on('exec.exit', onExit);
  channel.on('disconnect', onDisconnect);
  channel.emit('exec.open', request, (reply: OpenReply) => {
    if (!reply.ok) return finish({ error: reply.error });
    if (closed) {
      channel.emit('exec.close', { execId: reply.execId });
      return;
    }
    execId = reply.execId;
    handlers.opened(reply.execId);
    for (const message of early.splice(0)) onOutput(message);
    for (const message of earlyExits) onExit(message);
    earlyExits = [];
    if (closed) return;
    if (size.cols !== request.cols || size.rows !== request.rows)
      channel.emit('exec.resize', { execId: reply.execId, ...size });
  });

  return {
    input: (data) => {
      if (execId === null || closed) return;
      for (let at = 0; at < data.length; at += inputChunk)
        channel.emit('exec.input', { execId, data: data.slice(at, at + inputChunk) });
    },
    resize: (cols, rows) => {
      size = { cols, rows };
      if (execId !== null && !closed) channel.emit('exec.resize', { execId, cols, rows });
    },
    close: () => {
      if (closed) return;
      closed = true;
      detach();
      if (execId !== null) channel.emit('exec.close', { execId });
    },
  };
}
