import {
  signalRequestSchema,
  topRequestSchema,
  type SignalResponse,
  type TopResponse,
} from '@switchyard/contracts';
import { firstIssue, replyOf, type RuntimeChannel } from './channel.js';
import type { SandboxRuntime } from './sandbox-runtime.js';
import { parseSignal } from './signals.js';

/** `docker kill`: the signal goes to the container's main process, whatever runtime runs it. */
function signalSandbox(runtime: SandboxRuntime, sandboxId: string, name: string): SignalResponse {
  const signal = parseSignal(name);
  if (signal === null) return { ok: false, error: `invalid signal: ${name}` };
  const sandbox = runtime.status().find((candidate) => candidate.id === sandboxId);
  if (sandbox === undefined) return { ok: false, error: `No such container: ${sandboxId}` };
  if (sandbox.status !== 'running' || sandbox.pid === null) {
    return { ok: false, error: `container ${sandboxId} is not running` };
  }
  try {
    process.kill(sandbox.pid, signal);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `cannot signal container ${sandboxId}: ${String(error)}` };
  }
}

/** `top` and `signal` on the agent channel, answered through the acknowledgement. */
export function attachProcessRequests(socket: RuntimeChannel, runtime: SandboxRuntime): void {
  socket.on('top', (raw: unknown, reply: unknown) => {
    const answer = replyOf<TopResponse>(reply);
    if (answer === undefined) return;
    const parsed = topRequestSchema.safeParse(raw);
    if (!parsed.success) {
      answer({ ok: false, error: `malformed top request: ${firstIssue(parsed.error)}` });
      return;
    }
    runtime
      .top(parsed.data.sandboxId)
      .then(answer, (error: unknown) => answer({ ok: false, error: String(error) }));
  });
  socket.on('signal', (raw: unknown, reply: unknown) => {
    const answer = replyOf<SignalResponse>(reply);
    if (answer === undefined) return;
    const parsed = signalRequestSchema.safeParse(raw);
    answer(
      parsed.success
        ? signalSandbox(runtime, parsed.data.sandboxId, parsed.data.signal)
        : { ok: false, error: `malformed signal request: ${firstIssue(parsed.error)}` },
    );
  });
}
