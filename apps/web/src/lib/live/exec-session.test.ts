import { describe, expect, it, vi } from 'vitest';
import { openExecSession, type ExecChannel } from './exec-session';

/** A socket stand-in: records what the page sends, lets the test push events and answer the open. */
function fakeChannel() {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const sent: [string, unknown][] = [];
  let reply: ((response: unknown) => void) | undefined;
  const channel = {
    emit: (name: string, payload: unknown, ack?: (response: unknown) => void) => {
      sent.push([name, payload]);
      if (ack) reply = ack;
    },
    on: (name: string, listener: (payload: never) => void) => {
      listeners.set(name, (listeners.get(name) ?? new Set()).add(listener));
    },
    off: (name: string, listener: (payload: never) => void) => listeners.get(name)?.delete(listener),
  } as unknown as ExecChannel;
  const push = (name: string, payload?: unknown) =>
    listeners.get(name)?.forEach((listener) => (listener as (value: unknown) => void)(payload));
  const listening = () => [...listeners.values()].reduce((count, set) => count + set.size, 0);
  return { channel, sent, push, answer: (response: unknown) => reply?.(response), listening };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const request = { containerId: 'c1', cols: 80, rows: 24 };

function handlers() {
  return { opened: vi.fn(), output: vi.fn(), ended: vi.fn() };
}

describe('openExecSession', () => {
  it('opens with the terminal’s size, keeps output that comes before the reply, and passes keys on', () => {
    const fake = fakeChannel();
    const on = handlers();
    const session = openExecSession(fake.channel, request, on);
    expect(fake.sent).toEqual([['exec.open', request]]);
    session.input('ignored before the session exists');
    fake.push('exec.output', { execId: 'e1', data: bytes('$ ') });
    fake.answer({ ok: true, execId: 'e1' });
    expect(on.opened).toHaveBeenCalledWith('e1');
    expect(on.output).toHaveBeenCalledWith(bytes('$ '));
    fake.push('exec.output', { execId: 'other', data: bytes('not ours') });
    fake.push('exec.output', { execId: 'e1', data: bytes('hi').buffer });
    expect(on.output).toHaveBeenCalledTimes(2);
    session.input('ls\r');
    session.resize(100, 30);
    expect(fake.sent.slice(1)).toEqual([
      ['exec.input', { execId: 'e1', data: 'ls\r' }],
      ['exec.resize', { execId: 'e1', cols: 100, rows: 30 }],
    ]);
  });

  it('sends a large paste in pieces the control plane accepts', () => {
    const fake = fakeChannel();
    const session = openExecSession(fake.channel, request, handlers());
    fake.answer({ ok: true, execId: 'e1' });
    session.input('x'.repeat(40_000));
    const pieces = fake.sent.filter(([name]) => name === 'exec.input').map(([, message]) => message);
    expect(pieces.map((piece) => (piece as { data: string }).data.length)).toEqual([16_384, 16_384, 7_232]);
  });

  it('reports the exit code once and stops listening', () => {
    const fake = fakeChannel();
    const on = handlers();
    openExecSession(fake.channel, request, on);
    fake.answer({ ok: true, execId: 'e1' });
    fake.push('exec.exit', { execId: 'e1', exitCode: 3 });
    fake.push('exec.exit', { execId: 'e1', exitCode: 3 });
    expect(on.ended).toHaveBeenCalledTimes(1);
    expect(on.ended).toHaveBeenCalledWith({ exitCode: 3 });
    expect(fake.listening()).toBe(0);
  });

  it('reports an exit that comes before the reply', () => {
    const fake = fakeChannel();
    const on = handlers();
    openExecSession(fake.channel, request, on);
    fake.push('exec.output', { execId: 'e1', data: bytes('sh: not found') });
    fake.push('exec.exit', { execId: 'e1', exitCode: 126 });
    fake.answer({ ok: true, execId: 'e1' });
    expect(on.output).toHaveBeenCalledWith(bytes('sh: not found'));
    expect(on.ended).toHaveBeenCalledWith({ exitCode: 126 });
  });

  it('reports a refusal in the control plane’s words', () => {
    const fake = fakeChannel();
    const on = handlers();
    openExecSession(fake.channel, request, on);
    fake.answer({ ok: false, error: 'only operators may open a terminal' });
    expect(on.ended).toHaveBeenCalledWith({ error: 'only operators may open a terminal' });
  });

  it('closes the session when the tab goes, even one whose reply comes after', () => {
    const fake = fakeChannel();
    const open = openExecSession(fake.channel, request, handlers());
    fake.answer({ ok: true, execId: 'e1' });
    open.close();
    open.close();
    expect(fake.sent.filter(([name]) => name === 'exec.close')).toEqual([['exec.close', { execId: 'e1' }]]);

    const late = fakeChannel();
    const on = handlers();
    openExecSession(late.channel, request, on).close();
    late.answer({ ok: true, execId: 'e2' });
    expect(late.sent.at(-1)).toEqual(['exec.close', { execId: 'e2' }]);
    expect(on.opened).not.toHaveBeenCalled();
  });

  it('ends when the connection drops', () => {
    const fake = fakeChannel();
    const on = handlers();
    openExecSession(fake.channel, request, on);
    fake.answer({ ok: true, execId: 'e1' });
    fake.push('disconnect');
    expect(on.ended).toHaveBeenCalledWith({ error: 'the connection to the control plane dropped' });
  });
});
