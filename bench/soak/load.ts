/**
 * Steady HTTP load from the root namespace to a published port on every lab host (the routing
 * mesh), a few requests in flight at all times; failures are kept per second so they can be laid
 * next to the faults that caused them.
 */
import http from 'node:http';

export interface LoadFigures {
  requests: number;
  failed: number;
  /** Seconds since the start of the soak in which at least one request failed, with the count. */
  failedSeconds: Map<number, number>;
}

export function startLoad(targets: { address: string; port: number }[], inFlight: number, startedAt: number) {
  const figures: LoadFigures = { requests: 0, failed: 0, failedSeconds: new Map() };
  let running = true;
  const agent = new http.Agent({ keepAlive: false });
  const once = (target: { address: string; port: number }) =>
    new Promise<boolean>((resolve) => {
      const request = http.get(
        { host: target.address, port: target.port, path: '/', agent, timeout: 3_000 },
        (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode === 200));
          response.once('error', () => resolve(false));
        },
      );
      request.once('timeout', () => request.destroy());
      request.once('error', () => resolve(false));
    });
  const worker = async (offset: number) => {
    for (let index = offset; running; index += 1) {
      const target = targets[index % targets.length];
      if (target === undefined) return;
      const ok = await once(target);
      figures.requests += 1;
      if (!ok) {
        figures.failed += 1;
        const second = Math.floor((Date.now() - startedAt) / 1000);
        figures.failedSeconds.set(second, (figures.failedSeconds.get(second) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const workers = Array.from({ length: inFlight }, (_, index) => worker(index));
  return {
    figures,
    async stop(): Promise<LoadFigures> {
      running = false;
      await Promise.all(workers);
      agent.destroy();
      return figures;
    },
  };
}
