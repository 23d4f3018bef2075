import type { Namespace, Socket } from 'socket.io';
import {
  roleAllows,
  terminalCloseSchema,
  terminalInputSchema,
  terminalOpenSchema,
  terminalResizeSchema,
  type UiClientEvents,
  type UiServerEvents,
  describeZodError,
} from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import type { ExecSession } from '../exec/exec-service.js';
import { resolveActor, type Services } from '../trpc/context.js';

type UiSocket = Socket<UiClientEvents, UiServerEvents>;

/** Terminals one browser connection may hold open at once. */
const maxTerminals = 8;

const problem = (error: unknown) =>
  error instanceof ServiceError ? error.message : 'internal error: the terminal could not open (see the log)';

/**
 * The container page's terminal: an operator's browser opens a shell (an exec session with a TTY)
 * in a running container, types into it and resizes it; its output comes back on the same socket.
 * Its sessions end when it closes them or disconnects.
 */
export function serveTerminals(namespace: Namespace, services: Services): void {
  namespace.on('connection', (raw) => {
    const socket = raw as unknown as UiSocket;
    const sessions = new Map<string, ExecSession>();
    socket.on('exec.open', (request, reply) => {
      if (typeof reply !== 'function') return;
      const parsed = terminalOpenSchema.safeParse(request);
      if (!parsed.success) {
        reply({ ok: false, error: `invalid terminal request: ${describeZodError(parsed.error)}` });
        return;
      }
      open(parsed.data).then(reply, (error: unknown) => {
        if (!(error instanceof ServiceError)) console.error('ui terminal: open failed:', error);
        reply({ ok: false, error: problem(error) });
      });
    });
    // The session is read again at each open: a sign-out or a changed role counts from then on.
    const open = async (request: {
      containerId: string;
      command?: string[];
      cols: number;
      rows: number;
    }): Promise<{ ok: true; execId: string } | { ok: false; error: string }> => {
      const { actor } = await resolveActor(services, socket.request.headers.cookie, undefined);
      if (actor === null) return { ok: false, error: 'log in first: no valid session' };
      if (sessions.size >= maxTerminals) {
        return { ok: false, error: `at most ${maxTerminals} terminals are open at once: close one first` };
      }
      if (!roleAllows(actor.role, 'operator')) {
        return {
          ok: false,
          error: `opening a terminal needs the operator role; ${actor.username} is a ${actor.role}`,
        };
      }
      const instance = await services.exec.create(request.containerId, {
        command: request.command ?? ['sh'],
        tty: true,
        attachStdin: true,
        attachStdout: true,
        attachStderr: true,
        env: [],
        user: '',
        workingDir: '',
        privileged: false,
        detachKeys: '',
      });
      const execId = instance.id;
      const session = await services.exec.start(
        execId,
        { cols: request.cols, rows: request.rows, actor: actor.username },
        {
          output: (_stream, data) => socket.emit('exec.output', { execId, data }),
          exit: (exitCode) => {
            sessions.delete(execId);
            socket.emit('exec.exit', { execId, exitCode });
          },
        },
      );
      if (socket.disconnected) session.kill();
      else sessions.set(execId, session);
      return { ok: true, execId };
    };
    socket.on('exec.input', (message) => {
      const parsed = terminalInputSchema.safeParse(message);
      if (parsed.success) sessions.get(parsed.data.execId)?.write(Buffer.from(parsed.data.data, 'utf8'));
    });
    socket.on('exec.resize', (message) => {
      const parsed = terminalResizeSchema.safeParse(message);
      if (parsed.success) sessions.get(parsed.data.execId)?.resize(parsed.data.cols, parsed.data.rows);
    });
    socket.on('exec.close', (message) => {
      const parsed = terminalCloseSchema.safeParse(message);
      if (parsed.success) sessions.get(parsed.data.execId)?.kill();
    });
    socket.on('disconnect', () => {
      for (const session of sessions.values()) session.kill();
      sessions.clear();
    });
  });
}
