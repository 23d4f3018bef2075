import type { DesiredSandbox, ExecStartRequest, ObservedSandbox, Runtime } from '@switchyard/contracts';
import type { ExecCommand, SandboxRuntime } from './sandbox-runtime.js';

/**
 * Routes each sandbox to the runtime its workload names: the process runtime, or containerd when
 * this node has one. A containerd sandbox on a node without it waits, saying why.
 */
export function createCompositeRuntime(runtimes: {
  process: SandboxRuntime;
  containerd?: SandboxRuntime;
}): SandboxRuntime {
  const owner = new Map<string, Runtime>();
  let unplaced: ObservedSandbox[] = [];
  const pick = (sandboxId: string) => {
    const kind = owner.get(sandboxId);
    return kind === undefined ? undefined : runtimes[kind];
  };
  const all = () => [runtimes.process, ...(runtimes.containerd === undefined ? [] : [runtimes.containerd])];

  return {
    async sync(sandboxes: readonly DesiredSandbox[]) {
      for (const sandbox of sandboxes) owner.set(sandbox.id, sandbox.workload.runtime);
      const of = (kind: Runtime) => sandboxes.filter((sandbox) => sandbox.workload.runtime === kind);
      unplaced =
        runtimes.containerd === undefined
          ? of('containerd').map((sandbox) => ({
              id: sandbox.id,
              status: 'created',
              pid: null,
              exitCode: null,
              startedAt: null,
              finishedAt: null,
              restartCount: 0,
              health: null,
              error: 'this node has no containerd: the container cannot run here',
            }))
          : [];
      await Promise.all([runtimes.process.sync(of('process')), runtimes.containerd?.sync(of('containerd'))]);
      // Forgotten only once stopped: `docker rm -f` sends its SIGKILL while the removal's sync
      // waits out the stop signal's grace, and it must still find the runtime.
      const listed = new Set(sandboxes.map((sandbox) => sandbox.id));
      for (const id of [...owner.keys()].filter((known) => !listed.has(known))) owner.delete(id);
    },
    status() {
      return [...all().flatMap((runtime) => runtime.status()), ...unplaced];
    },
    logs(request) {
      const runtime = pick(request.sandboxId) ?? runtimes.process;
      return runtime.logs(request);
    },
    onChange(listener) {
      for (const runtime of all()) runtime.onChange(listener);
    },
    async close() {
      await Promise.all(all().map((runtime) => runtime.close()));
    },
    async stopAll() {
      await Promise.all(all().map((runtime) => runtime.stopAll()));
    },
    top(sandboxId) {
      const runtime = pick(sandboxId);
      if (runtime === undefined)
        return Promise.resolve({ ok: false, error: `container ${sandboxId} is not running here` });
      return runtime.top(sandboxId);
    },
    execCommand(request: ExecStartRequest): Promise<ExecCommand> {
      const runtime = pick(request.sandboxId);
      if (runtime === undefined) {
        return Promise.resolve({ ok: false, error: `container ${request.sandboxId} is not running here` });
      }
      return runtime.execCommand(request);
    },
    signal(sandboxId, signal) {
      const runtime = pick(sandboxId);
      if (runtime === undefined)
        return Promise.resolve({ ok: false, error: `container ${sandboxId} is not running here` });
      return runtime.signal(sandboxId, signal);
    },
  };
}
