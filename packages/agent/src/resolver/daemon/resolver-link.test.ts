import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ResolverLink, tryConnect } from './resolver-link.js';

/** A resolver that reads its requests and never answers, as a stuck one would. */
async function silentResolver(): Promise<{ path: string; server: Server; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'resolver-link-'));
  const path = join(dir, 'resolver.sock');
  const server = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, server, dir };
}

describe('ResolverLink', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('gives up on a question asked with a limit and keeps the link for the next one', async () => {
    const { path, server, dir } = await silentResolver();
    const socket = (await tryConnect(path)) as Socket;
    const gone: string[] = [];
    const link = new ResolverLink(
      socket,
      () => undefined,
      (why) => gone.push(why),
    );
    cleanups.push(() => {
      socket.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const started = performance.now();
    await expect(link.ask({ op: 'dnsAnswers' }, 50)).rejects.toThrow(/did not answer "dnsAnswers" in 50 ms/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(socket.destroyed).toBe(false);
    expect(gone).toEqual([]);
  });
});
