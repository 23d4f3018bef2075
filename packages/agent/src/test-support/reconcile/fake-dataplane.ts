import type { DesiredMesh, DesiredSandbox, RouteCounters } from '@switchyard/contracts';
import type { TableSpec } from '../../firewall/tables.js';
import type { MeshProxy } from '../../hrm/mesh-proxy.js';
import type { BatchFailures, BatchTool } from '../../osl/batch.js';
import type { NftScript } from '../../osl/nft.js';
import type { EmbeddedDns } from '../../resolver/embedded-dns.js';
import type { SandboxRuntime } from '../../runtime/sandbox-runtime.js';
import { memoryNamespaceRecord } from '../../sandbox/record.js';
import type { Dataplane, DataplaneSnapshot } from '../../osl/dataplane.js';

/**
 * A dataplane for unit tests: `snapshot` is what the kernel reads as, set by the test; every call
 * lands in `calls` in order, so tests can assert what ran and when. It does not simulate `ip`.
 */
export class FakeDataplane implements Dataplane {
  snapshot: DataplaneSnapshot = { host: [], namespaces: new Set(), sandboxes: new Map(), spaces: new Map() };
  readonly calls: string[] = [];
  readonly tables = new Map<string, string>();
  readonly record = memoryNamespaceRecord();
  /** Lines that fail, with the message iproute2 would print. */
  readonly failing = new Map<string, string>();

  /** How many times the kernel was read back. */
  reads = 0;
  /** The namespaces the last read asked for. */
  lastRead: { sandboxes: readonly string[]; networks: readonly string[] } | undefined;

  async read(sandboxes: readonly string[], networks: readonly string[]): Promise<DataplaneSnapshot> {
    this.reads += 1;
    this.lastRead = { sandboxes, networks };
    return this.snapshot;
  }

  async batch(netns: string | undefined, lines: readonly string[], tool?: BatchTool): Promise<BatchFailures> {
    const program = tool === 'bridge' ? 'bridge ' : '';
    lines.forEach((line) => this.calls.push(`${netns ?? 'host'}: ${program}${line}`));
    const failures: BatchFailures = new Map();
    lines.forEach((line, i) => {
      const message = this.failing.get(line);
      if (message !== undefined) failures.set(i + 1, message);
    });
    return failures;
  }

  async addNamespaces(names: readonly string[]): Promise<Map<string, string>> {
    names.forEach((name) => this.calls.push(`netns add ${name}`));
    return new Map();
  }

  async renameNamespace(from: string, to: string): Promise<void> {
    this.calls.push(`netns rename ${from} ${to}`);
  }

  async deleteNamespaces(names: readonly string[]): Promise<Map<string, string>> {
    names.forEach((name) => this.calls.push(`netns del ${name}`));
    return new Map();
  }

  async listTable(table: TableSpec): Promise<string | undefined> {
    return this.tables.get(table.name);
  }

  async applyTable(table: TableSpec, body: string | undefined): Promise<void> {
    this.calls.push(`nft ${body === undefined ? 'delete' : 'replace'} ${table.name}`);
    if (body === undefined) this.tables.delete(table.name);
    else this.tables.set(table.name, body);
  }

  /** nft tables reached through `nftScripts`, by `<netns or host> <table>`: the scripts applied, joined. */
  readonly nftTables = new Map<string, string>();

  /** `nft -j list table` of a table as the applied scripts left it (see simulateNftTable). */
  async listTableJsonIn(netns: string | undefined, table: TableSpec): Promise<string | undefined> {
    const script = this.nftTables.get(`${netns ?? 'host'} ${table.name}`);
    return script === undefined ? undefined : simulateNftTable(script);
  }

  /** A map's elements as the applied scripts left them: added, deleted, or all gone with the table. */
  mapElements(netns: string | undefined, table: TableSpec, map: string): string[] | undefined {
    const script = this.nftTables.get(`${netns ?? 'host'} ${table.name}`);
    if (script === undefined) return undefined;
    const listing = JSON.parse(simulateNftTable(script)) as {
      nftables: { map?: { name: string; elem: [string, { goto: { target: string } }][] } }[];
    };
    const found = listing.nftables.find((entry) => entry.map?.name === map)?.map;
    return found?.elem.map(([key, verdict]) => `${key} : goto ${verdict.goto.target}`);
  }

  /** Runs an nft line behind the agent's back, as an operator would (`delete element …`, `flush chain …`). */
  byHand(netns: string | undefined, table: TableSpec, line: string): void {
    const id = `${netns ?? 'host'} ${table.name}`;
    this.nftTables.set(id, `${this.nftTables.get(id) ?? ''}${line}\n`);
  }

  async nftScripts(scripts: readonly NftScript[]): Promise<(string | undefined)[]> {
    for (const { netns, script } of scripts) {
      const key = `${netns ?? 'host'} ${/ ip (switchyard_\w+)/.exec(script)?.[1] ?? '?'}`;
      this.calls.push(`${key}: nft -f ${script.split('\n').length - 1} lines`);
      if (/^delete table /m.test(script) && !/^table .* \{\n\t/m.test(script)) this.nftTables.delete(key);
      else this.nftTables.set(key, (this.nftTables.get(key) ?? '') + script);
    }
    return scripts.map(() => undefined);
  }
}

/**
 * A mesh proxy that records the hostnames it is asked to serve (and stopping, when it ran);
 * `error` makes `sync` fail with it. Closing is not logged, so agent tests see only the runtime and
 * DNS close; `closed` says whether it happened.
 */
export class FakeProxy implements MeshProxy {
  error: string | undefined;
  counted: RouteCounters[] = [];
  closed = false;
  private running = false;

  constructor(private readonly calls: string[]) {}

  async sync(mesh: DesiredMesh | null): Promise<void> {
    if (mesh === null) {
      if (this.running) this.calls.push('proxy.stop');
      this.running = false;
      return;
    }
    this.calls.push(`proxy.sync ${mesh.routes.map((route) => route.hostname).join(',')}`);
    if (this.error !== undefined) throw new Error(this.error);
    this.running = true;
  }

  /** Files "edited by hand" in the next resync's read-back. */
  edited: string[] = [];

  async drifted(): Promise<string[]> {
    const edited = this.running ? this.edited : [];
    this.edited = [];
    return edited;
  }

  async counters(): Promise<RouteCounters[] | undefined> {
    return this.running ? this.counted : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async stopAll(): Promise<void> {
    this.running = false;
    this.closed = true;
  }
}

/** A runtime, a DNS and a proxy that only record what they are handed, into one shared log. */
export function fakeServices(calls: string[]): {
  runtime: SandboxRuntime;
  dns: EmbeddedDns;
  proxy: FakeProxy;
} {
  const names = (sandboxes: readonly DesiredSandbox[]) => sandboxes.map((s) => s.name).join(',');
  return {
    runtime: {
      sync: async (sandboxes) => void calls.push(`runtime.sync ${names(sandboxes)}`),
      status: () => [],
      logs: async () => ({ ok: false, error: 'no logs in the fake runtime' }),
      top: async () => ({ ok: false, error: 'no processes in the fake runtime' }),
      execCommand: async () => ({ ok: false, error: 'no exec in the fake runtime' }),
      signal: async () => ({ ok: false, error: 'no processes in the fake runtime' }),
      onChange: () => undefined,
      close: async () => void calls.push('runtime.close'),
      stopAll: async () => void calls.push('runtime.stopAll'),
    },
    dns: {
      prepare: () => undefined,
      prepareSpare: (netns) => void calls.push(`dns.prepareSpare ${netns}`),
      adoptSpare: (spare, sandbox) => void calls.push(`dns.adoptSpare ${spare} ${sandbox.name}`),
      dropSpare: (netns) => void calls.push(`dns.dropSpare ${netns}`),
      sync: async (sandboxes) => void calls.push(`dns.sync ${names(sandboxes)}`),
      close: async () => void calls.push('dns.close'),
    },
    proxy: new FakeProxy(calls),
  };
}

/**
 * Plays `nft -f` scripts of one verdict-map table (whole tables, `add|flush|delete chain`,
 * `add rule`, `add|delete element`) and lists the result as `nft -j list table` would, each rule's
 * expression being its text.
 */
export function simulateNftTable(script: string): string {
  const chains = new Map<string, { head: string | undefined; rules: string[] }>();
  const elements = new Map<string, Map<string, string | undefined>>();
  let open: string | undefined;
  for (const line of script.split('\n')) {
    const words = line.trim().split(' ');
    const [verb, what] = words;
    const name = words[4];
    if (line.startsWith('delete table ')) {
      chains.clear();
      elements.clear();
    } else if (/^\t(map|set) \S+ \{$/.test(line)) {
      elements.set(words[1] ?? '', new Map());
    } else if (/^\tchain \S+ \{$/.test(line)) {
      open = words[1] ?? '';
      chains.set(open, { head: undefined, rules: [] });
    } else if (line.startsWith('\t\t') && open !== undefined) {
      const text = line.trim().replace(/;$/, '');
      const chain = chains.get(open);
      if (chain !== undefined && / hook /.test(text)) chain.head = text;
      else chain?.rules.push(text);
    } else if (line === '\t}') {
      open = undefined;
    } else if (what === 'chain' && name !== undefined) {
      if (verb === 'add' && !chains.has(name)) chains.set(name, { head: undefined, rules: [] });
      if (verb === 'flush') chains.get(name)?.rules.splice(0);
      if (verb === 'delete') chains.delete(name);
    } else if (verb === 'add' && what === 'rule' && name !== undefined) {
      chains.get(name)?.rules.push(words.slice(5).join(' '));
    } else if (what === 'element' && name !== undefined) {
      const items = /\{ (.*) \}$/.exec(line)?.[1]?.split(', ') ?? [];
      const target = elements.get(name);
      for (const item of items) {
        const [key, verdict] = item.split(' : ');
        if (verb === 'add') target?.set(key ?? '', verdict?.replace(/^goto /, ''));
        else target?.delete(key ?? '');
      }
    }
  }
  const nftables = [
    ...[...chains].flatMap(([chain, { head, rules }]) => [
      { chain: { name: chain, ...(head === undefined ? {} : { type: 'hook', hook: head }) } },
      ...rules.map((rule) => ({ rule: { chain, expr: [{ text: rule }] } })),
    ]),
    ...[...elements].map(([set, items]) => {
      const verdicts = [...items.values()].some((verdict) => verdict !== undefined);
      return verdicts
        ? { map: { name: set, elem: [...items].map(([key, target]) => [key, { goto: { target } }]) } }
        : { set: { name: set, elem: [...items.keys()] } };
    }),
  ];
  return JSON.stringify({ nftables });
}
