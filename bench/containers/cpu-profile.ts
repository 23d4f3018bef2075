/**
 * Where the control plane's CPU time goes: the bench runs Switchyard's control plane in its own
 * process, so V8's sampling profiler on this process, started and stopped around Switchyard's runs,
 * sees it (and the bench's own little work). Each sample is charged to the innermost frame on its
 * stack that lives somewhere known: a folder of our src/, a dependency, else Node.js itself.
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A frame's package or folder of ours; undefined for Node.js's own code and native functions. */
function placeOf(url: string): string | undefined {
  const ours = /\/(apps|packages)\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (ours !== null) return `${ours[2]}/${ours[3] ?? ''}`;
  if (url.startsWith('wasm://')) return '@prisma/client';
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
}

export interface CpuTally {
  /** ms of self time by place, summed over every profiled stretch. */
  byPlace: Map<string, number>;
}

export async function startCpuProfiler(): Promise<{
  around<T>(work: () => Promise<T>): Promise<T>;
  tally: CpuTally;
  close(): void;
}> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  const tally: CpuTally = { byPlace: new Map() };
  const add = (map: Map<string, number>, key: string, value: number) =>
    map.set(key, (map.get(key) ?? 0) + value);
  return {
    tally,
    async around(work) {
      await session.post('Profiler.start');
      try {
        return await work();
      } finally {
        const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
        const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
        const parents = new Map(
          profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node])),
        );
        profile.samples.forEach((id, index) => {
          const leaf = nodes.get(id);
          if (leaf === undefined || leaf.callFrame.functionName === '(idle)') return;
          const stack: ProfileNode[] = [];
          for (
            let frame: ProfileNode | undefined = leaf;
            frame !== undefined;
            frame = parents.get(frame.id)
          ) {
            stack.push(frame);
          }
          // Profiler.stop itself, serialising the profile: the bench's cost, not the control plane's.
          if (stack.some((frame) => frame.callFrame.url === 'node:inspector')) return;
          const spent = (profile.timeDeltas[index] ?? 0) / 1000;
          const place = stack
            .map((frame) => placeOf(frame.callFrame.url))
            .find((found) => found !== undefined);
          add(
            tally.byPlace,
            place ?? (leaf.callFrame.url === '' ? leaf.callFrame.functionName : 'node (internals)'),
            spent,
          );
        });
      }
    },
    close: () => session.disconnect(),
  };
}
