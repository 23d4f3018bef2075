import { chainLabel, describeRule, describeValue } from './describe.js';
import { chainKey, isObject, type Json, type NftChain, type NftRule, type NftRuleset } from './ruleset.js';

/**
 * One packet of a flow as a namespace's netfilter sees it. `route`: how it goes through the
 * namespace (delivered to it, sent by it, routed through it, or bridged between two ports).
 */
export interface Flow {
  route: 'in' | 'out' | 'forward' | 'bridged';
  saddr: string;
  daddr: string;
  protocol: 'tcp' | 'udp' | 'icmp';
  /** Null when unknown (an ephemeral source port). */
  sport: number | null;
  dport: number | null;
  icmpType?: 'echo-request' | 'echo-reply';
  /** Null when unknown: a match on it cannot be evaluated. */
  iifname: string | null;
  oifname: string | null;
  /** The connection's first packet (new) or a later one, either way (established). */
  ct: 'new' | 'established';
  direction: 'original' | 'reply';
  /** Whether its connection was DNAT'd (`ct status dnat`), when known. */
  dnat?: boolean;
}

export interface RuleHit {
  chain: Pick<NftChain, 'family' | 'table' | 'name' | 'hook' | 'prio' | 'policy'>;
  /** Null: the chain's policy. */
  handle: number | null;
  /** The rule as nft prints it, or `policy drop`. */
  text: string;
}

export interface MayDrop extends RuleHit {
  /** What could not be evaluated. */
  why: string;
}

export interface FlowVerdict {
  verdict: 'accept' | 'drop';
  droppedBy: RuleHit | null;
  /** False when a rule that could not be evaluated may have accepted the packet before the drop. */
  certain: boolean;
  /** Rules that drop it if a match that cannot be evaluated holds. */
  mayDrop: MayDrop[];
  /** Base chains it went through, in order, for the step's detail. */
  traversed: string[];
}

/** Hooks a packet passes, by how it goes through the namespace. */
const hooksOf: Record<Flow['route'], string[]> = {
  in: ['ingress', 'prerouting', 'input'],
  out: ['output', 'postrouting', 'egress'],
  forward: ['ingress', 'prerouting', 'forward', 'postrouting', 'egress'],
  bridged: ['ingress', 'prerouting', 'forward', 'postrouting', 'egress'],
};

const protocolNumbers: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp' };

/** A part of a concatenation that cannot be evaluated: it matches anything. */
const wildcard = Symbol('unknown');
type Value = string | number | typeof wildcard | Value[];
/**
 * A known value, `absent` (the packet has no such field: the match fails), or why it is unknown; a
 * concatenation with unknown parts keeps the known ones, so an element that differs there rules it out.
 */
type Lookup = { value: Value } | { absent: true } | { unknown: string; partial?: Value };
/** true, false, or why it cannot be told. */
type Truth = boolean | string;

function ipv4(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d{1,3}$/.test(part) || octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function fieldOf(flow: Flow, protocol: string, field: string): Lookup {
  if (protocol === 'ip') {
    if (field === 'saddr') return { value: flow.saddr };
    if (field === 'daddr') return { value: flow.daddr };
    if (field === 'protocol') return { value: flow.protocol };
    return { unknown: `ip ${field}` };
  }
  if (protocol === 'ip6' || protocol === 'arp') return { absent: true };
  if (protocol === 'tcp' || protocol === 'udp' || protocol === 'th') {
    if (protocol !== 'th' && protocol !== flow.protocol) return { absent: true };
    if (flow.protocol === 'icmp') return { absent: true };
    const port = field === 'dport' ? flow.dport : field === 'sport' ? flow.sport : undefined;
    if (port === undefined) return { unknown: `${protocol} ${field}` };
    return port === null ? { unknown: `${protocol} ${field} (not known in advance)` } : { value: port };
  }
  if (protocol === 'icmp') {
    if (flow.protocol !== 'icmp') return { absent: true };
    if (field === 'type' && flow.icmpType !== undefined) return { value: flow.icmpType };
    return { unknown: `icmp ${field}` };
  }
  if (protocol === 'ether' && field === 'type') return { value: 'ip' };
  return { unknown: `${protocol} ${field}` };
}

function metaOf(flow: Flow, key: string): Lookup {
  switch (key) {
    case 'l4proto':
      return { value: flow.protocol };
    case 'nfproto':
      return { value: 'ipv4' };
    case 'protocol':
      return { value: 'ip' };
    case 'pkttype':
      return { value: 'host' };
    case 'iifname':
    case 'oifname': {
      const name = key === 'iifname' ? flow.iifname : flow.oifname;
      const missing = key === 'iifname' ? flow.route === 'out' : flow.route === 'in';
      if (missing) return { value: '' };
      return name === null ? { unknown: `meta ${key}` } : { value: name };
    }
    default:
      return { unknown: `meta ${key}` };
  }
}

function ctOf(flow: Flow, key: string): Lookup {
  if (key === 'state') return { value: flow.ct };
  if (key === 'direction') return { value: flow.direction };
  if (key === 'status' && flow.dnat !== undefined) return { value: flow.dnat ? 'dnat' : '' };
  return { unknown: `ct ${key}` };
}

function lookup(flow: Flow, left: Json | undefined): Lookup {
  if (!isObject(left)) return { unknown: describeValue(left) };
  const payload = left['payload'];
  if (isObject(payload)) return fieldOf(flow, String(payload['protocol']), String(payload['field']));
  const meta = left['meta'];
  if (isObject(meta)) return metaOf(flow, String(meta['key']));
  const ct = left['ct'];
  if (isObject(ct)) return ctOf(flow, String(ct['key']));
  const concat = left['concat'];
  if (Array.isArray(concat)) {
    const parts = concat.map((part) => lookup(flow, part));
    if (parts.some((part) => 'absent' in part)) return { absent: true };
    const unknown = parts.flatMap((part) => ('unknown' in part ? [part.unknown] : []));
    const values = parts.map((part) => ('value' in part ? part.value : wildcard));
    return unknown.length === 0 ? { value: values } : { unknown: unknown.join(', '), partial: values };
  }
  return { unknown: describeValue(left) };
}

/** A scalar matches one element of nft JSON: a value, prefix, range or interface wildcard. */
function matchesElement(value: Value, element: Json): boolean {
  if (value === wildcard) return true;
  if (Array.isArray(value)) {
    const concat = isObject(element) && Array.isArray(element['concat']) ? element['concat'] : null;
    return (
      concat !== null &&
      concat.length === value.length &&
      value.every((item, i) => matchesElement(item, concat[i] ?? null))
    );
  }
  if (isObject(element)) {
    const prefix = element['prefix'];
    if (isObject(prefix) && typeof value === 'string') {
      const address = ipv4(value);
      const base = ipv4(String(prefix['addr']));
      const length = Number(prefix['len']);
      if (address === null || base === null) return false;
      const size = 2 ** (32 - length);
      return Math.floor(address / size) === Math.floor(base / size);
    }
    const range = element['range'];
    if (Array.isArray(range) && range.length === 2) {
      const [low, high] = range;
      if (typeof value === 'number') return value >= Number(low) && value <= Number(high);
      const address = ipv4(String(value));
      const from = ipv4(String(low));
      const to = ipv4(String(high));
      return address !== null && from !== null && to !== null && address >= from && address <= to;
    }
    const elem = element['elem'];
    if (isObject(elem)) return matchesElement(value, elem['val'] ?? null);
    return false;
  }
  if (typeof element === 'string' && element.endsWith('*') && typeof value === 'string') {
    return value.startsWith(element.slice(0, -1));
  }
  if (typeof element === 'string' && typeof value === 'string') {
    return (protocolNumbers[element] ?? element) === value;
  }
  if (typeof element === 'number' && typeof value === 'string') return protocolNumbers[element] === value;
  return element === value;
}

interface Scope {
  ruleset: NftRuleset;
  family: string;
  table: string;
}

/** The elements a right-hand side stands for: a named set, an anonymous one, or one value. */
function elementsOf(scope: Scope, right: Json | undefined): Json[] | string {
  if (typeof right === 'string' && right.startsWith('@')) {
    const name = right.slice(1);
    const set = scope.ruleset.sets.find(
      (candidate) =>
        candidate.family === scope.family && candidate.table === scope.table && candidate.name === name,
    );
    return set === undefined ? `set ${right} (not in the listing)` : set.elements;
  }
  if (isObject(right) && Array.isArray(right['set'])) return right['set'];
  if (Array.isArray(right)) return right;
  return [right ?? null];
}

function compare(op: string, value: Value, right: Json | undefined, scope: Scope): Truth {
  const elements = elementsOf(scope, right);
  if (typeof elements === 'string') return elements;
  if (op === '==' || op === 'in') return elements.some((element) => matchesElement(value, element));
  if (op === '!=') return !elements.some((element) => matchesElement(value, element));
  const bound = Number(elements[0]);
  if (typeof value !== 'number' || Number.isNaN(bound)) return `${op} on ${describeValue(right)}`;
  if (op === '<') return value < bound;
  if (op === '>') return value > bound;
  if (op === '<=') return value <= bound;
  if (op === '>=') return value >= bound;
  return `operator ${op}`;
}

function matchTruth(flow: Flow, match: Json | undefined, scope: Scope): Truth {
  if (!isObject(match)) return 'a match nft did not spell out';
  const found = lookup(flow, match['left']);
  if ('absent' in found) return false;
  if ('unknown' in found) {
    // No element matches even on the parts that are known: the match fails whatever the rest is.
    const op = String(match['op']);
    const partial = found.partial;
    if (partial === undefined || (op !== '==' && op !== 'in')) return found.unknown;
    return compare(op, partial, match['right'], scope) === false ? false : found.unknown;
  }
  return compare(String(match['op']), found.value, match['right'], scope);
}

type Verdict =
  | { kind: 'accept' | 'drop' | 'return' | 'none' }
  | { kind: 'jump' | 'goto'; target: string }
  | { kind: 'unknown'; why: string; mayDrop: boolean };

function verdictOf(statement: Json): Verdict | null {
  if (!isObject(statement)) return null;
  const [key, inner] = Object.entries(statement)[0] ?? ['', null];
  switch (key) {
    case 'accept':
    case 'dnat':
    case 'snat':
    case 'masquerade':
    case 'redirect':
      return { kind: 'accept' };
    case 'drop':
    case 'reject':
      return { kind: 'drop' };
    case 'return':
      return { kind: 'return' };
    case 'jump':
    case 'goto':
      return isObject(inner) ? { kind: key, target: String(inner['target']) } : null;
    case 'queue':
      return { kind: 'unknown', why: 'queue (a userspace program decides)', mayDrop: true };
    default:
      return null;
  }
}

/** Statements that neither match nor decide: counters, logging, marks, set updates. */
const passive = new Set(['counter', 'log', 'mangle', 'notrack', 'set', 'ct helper', 'flow', 'continue']);

interface RuleOutcome {
  /** true: it matches; false: it does not; a string: why it cannot be told. */
  truth: Truth;
  verdict: Verdict;
}

function vmapVerdict(flow: Flow, vmap: Json | undefined, scope: Scope): RuleOutcome {
  if (!isObject(vmap)) return { truth: 'a verdict map', verdict: { kind: 'none' } };
  const found = lookup(flow, vmap['key']);
  const elements = elementsOf(scope, vmap['data']);
  if (typeof elements === 'string') return { truth: elements, verdict: { kind: 'none' } };
  const pairs = elements.flatMap((element) =>
    Array.isArray(element) && element.length === 2 ? [element] : [],
  );
  if ('absent' in found) return { truth: false, verdict: { kind: 'none' } };
  if ('unknown' in found) {
    const { partial } = found;
    const candidates =
      partial === undefined ? pairs : pairs.filter((pair) => matchesElement(partial, pair[0] ?? null));
    if (candidates.length === 0) return { truth: false, verdict: { kind: 'none' } };
    const dropping = candidates.some((pair) => verdictOf(pair[1] ?? null)?.kind === 'drop');
    return { truth: true, verdict: { kind: 'unknown', why: found.unknown, mayDrop: dropping } };
  }
  const hit = pairs.find((pair) => matchesElement(found.value, pair[0] ?? null));
  const verdict = hit === undefined ? null : verdictOf(hit[1] ?? null);
  return verdict === null ? { truth: false, verdict: { kind: 'none' } } : { truth: true, verdict };
}

function evaluateRule(flow: Flow, rule: NftRule, scope: Scope): RuleOutcome {
  const unknown: string[] = [];
  let verdict: Verdict = { kind: 'none' };
  for (const statement of rule.expr) {
    if (!isObject(statement)) continue;
    const [key, inner] = Object.entries(statement)[0] ?? ['', null];
    if (key === 'match') {
      const truth = matchTruth(flow, inner, scope);
      if (truth === false) return { truth: false, verdict };
      if (truth !== true) unknown.push(truth);
      continue;
    }
    if (key === 'vmap') {
      const outcome = vmapVerdict(flow, inner, scope);
      if (outcome.truth === false) return outcome;
      if (outcome.truth !== true) unknown.push(outcome.truth);
      verdict = outcome.verdict;
      continue;
    }
    const decided = verdictOf(statement);
    if (decided !== null) {
      verdict = decided;
      break;
    }
    // limit, quota, xt (iptables-nft), fib, ...: the rule may or may not apply.
    if (!passive.has(key)) unknown.push(key === 'xt' ? 'an iptables (xt) match' : key);
  }
  return { truth: unknown.length === 0 ? true : unknown.join(', '), verdict };
}

interface Walk {
  scope: Scope;
  flow: Flow;
  chains: Map<string, NftChain>;
  mayDrop: MayDrop[];
  /** A rule that could not be evaluated may have accepted (or sent elsewhere) before now. */
  uncertain: boolean;
}

const hitOf = (chain: NftChain, rule: NftRule | null): RuleHit => ({
  chain,
  handle: rule?.handle ?? null,
  text: rule === null ? `policy ${chain.policy}` : describeRule(rule),
});

type ChainResult = { kind: 'accept' | 'drop'; hit: RuleHit } | { kind: 'return' };

function walkChain(walk: Walk, chain: NftChain, depth: number): ChainResult {
  if (depth > 16) return { kind: 'return' };
  for (const rule of chain.rules) {
    const { truth, verdict } = evaluateRule(walk.flow, rule, walk.scope);
    if (truth === false || verdict.kind === 'none') continue;
    if (verdict.kind === 'unknown') {
      if (verdict.mayDrop) walk.mayDrop.push({ ...hitOf(chain, rule), why: verdict.why });
      walk.uncertain = true;
      continue;
    }
    if (truth !== true) {
      if (verdict.kind === 'drop') walk.mayDrop.push({ ...hitOf(chain, rule), why: truth });
      else if (verdict.kind !== 'return') walk.uncertain = true;
      continue;
    }
    if (verdict.kind === 'accept' || verdict.kind === 'drop')
      return { kind: verdict.kind, hit: hitOf(chain, rule) };
    if (verdict.kind !== 'jump' && verdict.kind !== 'goto') return { kind: 'return' };
    const target = walk.chains.get(chainKey(chain.family, chain.table, verdict.target));
    if (target === undefined) continue;
    const result = walkChain(walk, target, depth + 1);
    if (result.kind !== 'return' || verdict.kind === 'goto') return result;
  }
  return { kind: 'return' };
}

function familiesOf(flow: Flow): string[] {
  return flow.route === 'bridged' ? ['bridge', 'netdev'] : ['ip', 'inet', 'netdev'];
}

/** Whether a base chain sees the packet: its family, hook and (ingress/egress) device. */
function sees(chain: NftChain, flow: Flow, hook: string): boolean {
  if (chain.hook !== hook || !familiesOf(flow).includes(chain.family)) return false;
  if (hook === 'ingress' || hook === 'egress') {
    const device = hook === 'ingress' ? flow.iifname : flow.oifname;
    return chain.device === null || device === null || chain.device === device;
  }
  return chain.family !== 'netdev';
}

/**
 * What the namespace's whole ruleset does to one packet: every base chain of every table (ours or
 * not) on the hooks it passes, in priority order; the first drop ends it. A rule whose match cannot
 * be evaluated is never taken as matching: a dropping one is listed in `mayDrop`, an accepting one
 * makes a later drop uncertain.
 */
export function judgeFlow(ruleset: NftRuleset, flow: Flow): FlowVerdict {
  const chains = new Map(
    ruleset.chains.map((chain) => [chainKey(chain.family, chain.table, chain.name), chain]),
  );
  const mayDrop: MayDrop[] = [];
  const traversed: string[] = [];
  let uncertain = false;
  for (const hook of hooksOf[flow.route]) {
    const base = ruleset.chains.filter((chain) => sees(chain, flow, hook)).sort((a, b) => a.prio - b.prio);
    for (const chain of base) {
      const walk: Walk = {
        scope: { ruleset, family: chain.family, table: chain.table },
        flow,
        chains,
        mayDrop,
        uncertain: false,
      };
      const result = walkChain(walk, chain, 0);
      uncertain ||= walk.uncertain;
      const outcome = result.kind === 'return' ? { kind: chain.policy, hit: hitOf(chain, null) } : result;
      traversed.push(`${chainLabel(chain)} (${hook} ${chain.prio}): ${outcome.kind} (${outcome.hit.text})`);
      if (outcome.kind === 'drop') {
        return { verdict: 'drop', droppedBy: outcome.hit, certain: !uncertain, mayDrop, traversed };
      }
    }
  }
  return { verdict: 'accept', droppedBy: null, certain: !uncertain, mayDrop, traversed };
}
