import { describe, expect, it } from 'vitest';
import type { ExecStartRequest } from '@switchyard/contracts';
import type { RuntimeProcessAccess } from '../sandbox-runtime.js';
import { ExecSessions } from './exec-sessions.js';

// Exec sessions with real programs on this host (as a sandbox in host mode runs them): streams,
// exit codes, stdin's end, a pseudo-terminal under script with its size and resizes, kills.

const runtime: RuntimeProcessAccess = {
  top: () => Promise.resolve({ ok: false, error: 'not here' }),
  signal: () => Promise.resolve({ ok: false, error: 'not here' }),
  execCommand: (request) => {
    const [file = '', ...args] = request.command;
    return Promise.resolve({
      ok: true,
      file,
      args,
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', TERM: 'xterm' },
    });
  },
};

let counter = 0;
const nextId = () => (counter++).toString(16).padStart(64, '0');

function harness() {
  const output = new Map<string, { stdout: string; stderr: string }>();
  const exits = new Map<string, (code: number) => void>();
  const sessions = new ExecSessions(runtime, {
    output: ({ execId, stream, data }) => {
      const seen = output.get(execId) ?? { stdout: '', stderr: '' };
      seen[stream] += Buffer.from(data).toString();
      output.set(execId, seen);
    },
    exit: ({ execId, exitCode }) => exits.get(execId)?.(exitCode),
  });
  const start = async (request: Partial<ExecStartRequest> & { command: string[] }) => {
    const execId = nextId();
    const exited = new Promise<number>((resolve) => exits.set(execId, resolve));
    const reply = await sessions.start({
      execId,
      sandboxId: 'sandbox-a',
      tty: false,
      stdin: false,
      env: [],
      user: '',
      workingDir: '',
      ...request,
    });
    expect(reply.ok).toBe(true);
    return { execId, exited, shown: () => output.get(execId) ?? { stdout: '', stderr: '' } };
  };
  return { sessions, start };
}

const input = (text: string) => new Uint8Array(Buffer.from(text));

describe('exec sessions', () => {
  it('sends stdout and stderr apart and ends with the exit code', async () => {
    const { start } = harness();
    const session = await start({ command: ['sh', '-c', 'echo out; echo err >&2; exit 5'] });
    expect(await session.exited).toBe(5);
    expect(session.shown()).toEqual({ stdout: 'out\n', stderr: 'err\n' });
  });

  it('feeds input and closes stdin when told', async () => {
    const { sessions, start } = harness();
    const session = await start({ command: ['cat'], stdin: true });
    sessions.input({ execId: session.execId, data: input('typed') });
    sessions.input({ execId: session.execId, data: null });
    expect(await session.exited).toBe(0);
    expect(session.shown().stdout).toBe('typed');
  });

  it('gives a TTY session a pseudo-terminal of the size asked, and resizes it', async () => {
    const { sessions, start } = harness();
    const session = await start({ command: ['sh'], tty: true, stdin: true, cols: 90, rows: 33 });
    sessions.input({ execId: session.execId, data: input('stty size; tty\n') });
    await expect.poll(() => session.shown().stdout, { timeout: 5_000 }).toMatch(/33 90\r?\n\/dev\/pts\/\d+/);
    await sessions.resize({ execId: session.execId, cols: 50, rows: 20 });
    sessions.input({ execId: session.execId, data: input('stty size; exit 2\n') });
    expect(await session.exited).toBe(2);
    expect(session.shown().stdout).toMatch(/20 50/);
  });

  it('kills a session, and the sessions of a sandbox that stopped', async () => {
    const { sessions, start } = harness();
    const killed = await start({ command: ['sleep', '100'] });
    sessions.kill(killed.execId);
    expect(await killed.exited).toBe(137);
    const orphaned = await start({ command: ['sleep', '100'], tty: true });
    sessions.killOutside(new Set(['sandbox-b']));
    expect(await orphaned.exited).not.toBe(0);
  });
});
