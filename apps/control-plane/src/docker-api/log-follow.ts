import type { ServerResponse } from 'node:http';

interface TimedLine {
  at: string;
  stream: string;
  text: string;
}

/** How often `docker logs -f` asks the agent for new lines, and how many of the newest it reads. */
export const followIntervalMs = 500;
const followWindow = 500;

const key = (line: TimedLine) => `${line.at}\u0000${line.stream}\u0000${line.text}`;

/**
 * The lines of `next` that come after those already sent: later than the last one sent, or as late
 * and not sent yet (lines share a timestamp when written together).
 */
export function unseenLines<Line extends TimedLine>(
  next: readonly Line[],
  last: { at: string; keys: ReadonlySet<string> } | null,
): Line[] {
  if (last === null) return [...next];
  return next.filter((line) => line.at > last.at || (line.at === last.at && !last.keys.has(key(line))));
}

function remember(lines: readonly TimedLine[], last: { at: string; keys: Set<string> } | null) {
  const newest = lines.at(-1);
  if (newest === undefined) return last;
  const keys = new Set(last?.at === newest.at ? last.keys : []);
  for (const line of lines) if (line.at === newest.at) keys.add(key(line));
  return { at: newest.at, keys };
}

/**
 * Answers `docker logs` and `docker service logs`: the lines asked for, then, with `follow`, new
 * ones as they come (polled from the agents), until the client hangs up or the source is gone.
 */
export async function sendLogStream<Line extends TimedLine>(
  res: ServerResponse,
  first: readonly Line[],
  encode: (lines: readonly Line[]) => Buffer,
  follow: { read: (tail: number) => Promise<Line[]> } | null,
): Promise<void> {
  const body = encode(first);
  if (follow === null) {
    res.writeHead(200, {
      'Content-Type': 'application/vnd.docker.multiplexed-stream',
      'Content-Length': body.length,
    });
    res.end(body);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream' });
  res.write(body);
  let gone = false;
  res.once('close', () => {
    gone = true;
  });
  let last = remember(first, null);
  while (!gone) {
    await new Promise((resolve) => setTimeout(resolve, followIntervalMs));
    if (gone) break;
    let lines: Line[];
    try {
      lines = unseenLines(await follow.read(followWindow), last);
    } catch {
      // The container or service went away: the stream ends, as Docker's does.
      break;
    }
    if (lines.length === 0) continue;
    res.write(encode(lines));
    last = remember(lines, last);
  }
  res.end();
}
