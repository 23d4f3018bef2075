import {
  execInputSchema,
  execKillSchema,
  execResizeSchema,
  execStartRequestSchema,
  type ExecStartResponse,
} from '@switchyard/contracts';
import { firstIssue, replyOf, type RuntimeChannel } from '../channel.js';
import type { SandboxRuntime } from '../sandbox-runtime.js';
import { ExecSessions } from './exec-sessions.js';

/**
 * `execStart`, `execInput`, `execResize` and `execKill` on the agent channel; output and exits go back
 * as `execOutput` and `execExit`. A session ends with its sandbox's process, and with the agent.
 */
export function attachExecChannel(
  socket: RuntimeChannel,
  runtime: SandboxRuntime,
  log: (line: string) => void,
): { close(): void } {
  const sessions = new ExecSessions(runtime, {
    output: (message) => socket.emit('execOutput', message),
    exit: (message) => socket.emit('execExit', message),
  });
  socket.on('execStart', (raw: unknown, reply: unknown) => {
    const answer = replyOf<ExecStartResponse>(reply);
    if (answer === undefined) return;
    const parsed = execStartRequestSchema.safeParse(raw);
    if (!parsed.success) {
      answer({ ok: false, error: `malformed execStart request: ${firstIssue(parsed.error)}` });
      return;
    }
    sessions.start(parsed.data).then(answer, (error: unknown) => answer({ ok: false, error: String(error) }));
  });
  socket.on('execInput', (raw: unknown) => {
    // socket.io hands binary over as a Buffer, itself a Uint8Array.
    const parsed = execInputSchema.safeParse(raw);
    if (parsed.success) sessions.input(parsed.data);
  });
  socket.on('execResize', (raw: unknown) => {
    const parsed = execResizeSchema.safeParse(raw);
    if (!parsed.success) return;
    sessions.resize(parsed.data).catch((error: unknown) => log(`exec resize failed: ${String(error)}`));
  });
  socket.on('execKill', (raw: unknown) => {
    const parsed = execKillSchema.safeParse(raw);
    if (parsed.success) sessions.kill(parsed.data.execId);
  });
  // Output of a session has nowhere to go once the channel is gone: its sessions end with it.
  socket.on('disconnect', () => sessions.closeAll());
  runtime.onChange(() => {
    const running = runtime.status().filter((sandbox) => sandbox.status === 'running');
    sessions.killOutside(new Set(running.map((sandbox) => sandbox.id)));
  });
  return { close: () => sessions.closeAll() };
}
