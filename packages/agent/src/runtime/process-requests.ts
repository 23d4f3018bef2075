import {
  signalRequestSchema,
  topRequestSchema,
  type SignalResponse,
  type TopResponse,
} from '@switchyard/contracts';
import { firstIssue, replyOf, type RuntimeChannel } from './channel.js';
import type { SandboxRuntime } from './sandbox-runtime.js';
import { parseSignal } from './signals.js';

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
    if (!parsed.success) {
      answer({ ok: false, error: `malformed signal request: ${firstIssue(parsed.error)}` });
      return;
    }
    const signal = parseSignal(parsed.data.signal);
    if (signal === null) {
      answer({ ok: false, error: `invalid signal: ${parsed.data.signal}` });
      return;
    }
    runtime
      .signal(parsed.data.sandboxId, signal)
      .then(answer, (error: unknown) => answer({ ok: false, error: String(error) }));
  });
}
