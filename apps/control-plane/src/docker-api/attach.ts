import type { ContainerView } from '@switchyard/contracts';
import type { LogLine } from '../containers/api.js';
import { ServiceError } from '../errors.js';
import { HijackedStream, multiplexedStream, readUpgradeBody, requireUpgrade } from './hijack.js';
import { queryFlag } from './http-io.js';
import { unseenLines } from './log-follow.js';
import { logFrame } from './log-frames.js';
import { param, type RequestContext } from './router.js';

/** How often an attached stream looks for new output and for the container's end. */
const attachPollMs = 250;
/** Output may reach the container's log a moment after its exit is reported. */
const lastOutputMs = 250;
const window = 500;

const isUp = (view: ContainerView) => view.status === 'running' || view.status === 'restarting';

/** Whether the container ran and ended since the stream attached (or was removed). */
export function attachOver(first: ContainerView, now: ContainerView | null, sawUp: boolean): boolean {
  if (now === null) return true;
  if (isUp(now)) return false;
  return sawUp || now.finishedAt !== first.finishedAt;
}

const key = (line: LogLine) => `${line.at}\u0000${line.stream}\u0000${line.text}`;

/**
 * `POST /containers/{id}/attach`, as a foreground `docker run` and `docker start -a` open it before
 * the start: the connection becomes the container's output from now on (with `logs=1`, what it
 * wrote before too), as stdout/stderr frames, ending once the container has run and stopped. The
 * output is read from the node's container log; containers take no input.
 */
export async function attach(context: RequestContext): Promise<void> {
  const { req, query, deps } = context;
  const upgrade = requireUpgrade(context, 'attaching');
  await readUpgradeBody(req, upgrade);
  const first = await deps.containers.get(param(context));
  const wanted = { stdout: queryFlag(query, 'stdout'), stderr: queryFlag(query, 'stderr') };
  const read = async (): Promise<LogLine[] | null> =>
    deps.containers.logs(first.id, { tail: window }).catch(() => null);
  const before = queryFlag(query, 'logs') ? [] : ((await read()) ?? []);
  const stream = new HijackedStream(upgrade.socket, multiplexedStream);
  // Removal of a --rm container waits for this stream to send the last of its output.
  const release = deps.autoRemover.hold(first.id);
  stream.onInput(
    () => undefined,
    () => undefined,
  );
  let gone = false;
  stream.onClose(() => {
    gone = true;
    release();
  });
  let last = before;
  const sent = new Set(before.map(key));
  const flush = (lines: readonly LogLine[]) => {
    const newest = last.at(-1);
    const fresh = unseenLines(lines, newest === undefined ? null : { at: newest.at, keys: sent }).filter(
      (line) => !sent.has(key(line)),
    );
    for (const line of fresh) {
      sent.add(key(line));
      if (wanted[line.stream]) stream.send(logFrame(line.stream, `${line.text}\n`));
    }
    if (fresh.length > 0) last = fresh;
  };
  let sawUp = false;
  try {
    while (!gone) {
      const now = await deps.containers.get(first.id).catch((error: unknown) => {
        if (error instanceof ServiceError && error.code === 'NOT_FOUND') return null;
        throw error;
      });
      sawUp ||= now !== null && isUp(now);
      const over = attachOver(first, now, sawUp);
      if (over) await new Promise((resolve) => setTimeout(resolve, lastOutputMs));
      const lines = await read();
      if (lines !== null) flush(lines);
      if (over) break;
      await new Promise((resolve) => setTimeout(resolve, attachPollMs));
    }
  } catch (error) {
    // The stream has begun: a failure can only end it.
    console.error(`docker-api: attach to ${first.name} failed:`, error);
  } finally {
    stream.end();
    release();
  }
}
