import type {
  ExecExit,
  ExecInput,
  ExecOutput,
  ExecResize,
  ExecStartRequest,
  ExecStartResponse,
} from '@switchyard/contracts';
import { startExecProcess, type ExecProcess } from '../../osl/exec-session.js';
import type { RuntimeProcessAccess } from '../sandbox-runtime.js';

/** Sessions running at once on a node: each holds processes and a pseudo-terminal. */
export const maxSessions = 256;

interface Session {
  sandboxId: string;
  process: ExecProcess;
}

/**
 * The exec sessions running on this node, by id: each one's program started through the runtime's
 * exec command, its output and its end sent on, its input, resizes and kill taken from the control plane.
 */
export class ExecSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly runtime: RuntimeProcessAccess,
    private readonly send: { output(message: ExecOutput): void; exit(message: ExecExit): void },
  ) {}

  async start(request: ExecStartRequest): Promise<ExecStartResponse> {
    if (this.sessions.has(request.execId)) return { ok: false, error: `exec ${request.execId} already runs` };
    if (this.sessions.size >= maxSessions) {
      return { ok: false, error: `this node runs ${maxSessions} exec sessions already: end one first` };
    }
    const command = await this.runtime.execCommand(request);
    if (!command.ok) return command;
    const { execId } = request;
    try {
      const started = startExecProcess(
        command,
        { tty: request.tty, stdin: request.stdin, cols: request.cols, rows: request.rows },
        {
          // A copy the schema's type takes (a Buffer may sit on a shared pool).
          output: (stream, data) => this.send.output({ execId, stream, data: new Uint8Array(data) }),
          exit: (exitCode) => {
            this.sessions.delete(execId);
            this.send.exit({ execId, exitCode });
          },
        },
      );
      this.sessions.set(execId, { sandboxId: request.sandboxId, process: started });
      return { ok: true, pid: started.pid };
    } catch (error) {
      return { ok: false, error: `cannot start ${request.command.join(' ')}: ${String(error)}` };
    }
  }

  input({ execId, data }: ExecInput): void {
    const session = this.sessions.get(execId);
    if (data === null) session?.process.endInput();
    else session?.process.write(data);
  }

  resize({ execId, cols, rows }: ExecResize): Promise<void> {
    return this.sessions.get(execId)?.process.resize(cols, rows) ?? Promise.resolve();
  }

  kill(execId: string): void {
    this.sessions.get(execId)?.process.kill();
  }

  /** Sessions of sandboxes whose process is no longer running end with it, as in Docker. */
  killOutside(running: ReadonlySet<string>): void {
    for (const session of this.sessions.values()) {
      if (!running.has(session.sandboxId)) session.process.kill();
    }
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.process.kill();
  }
}
