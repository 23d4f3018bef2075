import type {
  DiagnosticAnswer,
  FdbFact,
  NeighbourFact,
  PathCheckResult,
  PathStep,
  ProbeResult,
} from '@switchyard/contracts';
import { judgeAudit } from './audit/audit-judge.js';
import { dnatTargets, mapElements, parseNftListing, setElements } from './nft-listing.js';
import { judgeMtu } from './mtu/mtu-judge.js';
import { networkSubject } from './path-subject.js';
import { overlayLabel, type Expected, type PathCheck, type PathPlan } from './path-plan.js';

type Answers = ReadonlyMap<string, DiagnosticAnswer>;
type Check<K extends PathCheck['kind']> = Extract<PathCheck, { kind: K }>;

/** What ran and what it printed, for the step's detail. */
function describeProbe(probe: ProbeResult): string {
  const status = probe.exitCode === null ? 'stopped' : `exit ${probe.exitCode}`;
  const cut = probe.truncated ? '\n… (output cut)' : '';
  return `$ ${probe.argv.join(' ')}\n${probe.output.trimEnd()}${cut}\n(${status}, ${probe.durationMs} ms)`;
}

/** The answer to a query, or why there is none, in words. */
function answerOf(
  answers: Answers,
  id: string,
): { ok: true; answer: DiagnosticAnswer & { ok: true } } | { ok: false; error: string } {
  const answer = answers.get(id);
  if (answer === undefined) return { ok: false, error: 'its agent did not answer' };
  if (!answer.ok) return { ok: false, error: answer.error };
  return { ok: true, answer };
}

const listed = (items: readonly Expected[]) =>
  items.length === 0 ? 'nothing' : items.map((item) => `${item.address} (${item.label})`).join(', ');

/** A-records of `dig +noall +answer +comments` output, and the response status. */
export function digAnswers(output: string): { status: string | null; addresses: string[] } {
  const status = /status: ([A-Z]+)/.exec(output)?.[1] ?? null;
  const addresses = output
    .split('\n')
    .flatMap((line) => /\sIN\s+A\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/.exec(line)?.[1] ?? []);
  return { status, addresses: [...new Set(addresses)].sort() };
}

function step(
  check: Check<'dns' | 'vip' | 'overlay' | 'connect'>,
  status: PathStep['status'],
  message: string,
  detail: string | null,
): PathStep {
  const subject = check.kind === 'overlay' ? networkSubject(check.network, check.node) : check.subject;
  return { id: check.id, title: check.title, status, message, detail, subject };
}

function judgeDns(check: Check<'dns'>, answers: Answers): PathStep {
  const found = answerOf(answers, check.queryId);
  if (!found.ok)
    return step(check, 'broken', `${check.where}: cannot ask the embedded DNS: ${found.error}`, null);
  const probe = found.answer.probe;
  if (probe === undefined) return step(check, 'broken', `${check.where}: the agent sent no lookup`, null);
  const detail = describeProbe(probe);
  const { status, addresses } = digAnswers(probe.output);
  if (probe.exitCode !== 0 || status === null) {
    return step(
      check,
      'broken',
      `${check.where}: the embedded DNS at 127.0.0.11 did not answer ${check.name}`,
      detail,
    );
  }
  const wanted = check.expected.map((item) => item.address).sort();
  const same = wanted.length === addresses.length && wanted.every((address, i) => address === addresses[i]);
  if (same && wanted.length > 0) {
    return step(
      check,
      'ok',
      `${check.where}: ${check.name} resolves to ${listed(check.expected)}, as the desired state says`,
      detail,
    );
  }
  if (same) {
    return step(
      check,
      'ok',
      `${check.where}: ${check.name} does not resolve (${status}), as the desired state says`,
      detail,
    );
  }
  const got = addresses.length === 0 ? `no address (${status})` : addresses.join(', ');
  return step(
    check,
    'broken',
    `${check.where}: the embedded DNS answers ${check.name} with ${got}, but the desired state says ${listed(check.expected)}`,
    detail,
  );
}

function judgeVip(check: Check<'vip'>, answers: Answers): PathStep {
  const found = answerOf(answers, check.queryId);
  if (!found.ok)
    return step(check, 'broken', `${check.where}: cannot read table switchyard_lb: ${found.error}`, null);
  const fact = found.answer.fact;
  if (fact?.fact !== 'nft')
    return step(check, 'broken', `${check.where}: the agent sent no nft listing`, null);
  const table = parseNftListing(fact.nft);
  const first = check.ports[0];
  if (!table.present) {
    const at = first === undefined ? check.vip : `${check.vip}:${first.port}`;
    return step(
      check,
      'broken',
      `${check.where}: table switchyard_lb does not exist, so VIP ${at} has no rule`,
      null,
    );
  }
  const elements = mapElements(table, 'services');
  const rejected = new Set(setElements(table, 'no-backends'));
  const wanted = check.backends.map((backend) => backend.address).sort();
  const lines: string[] = [];
  for (const { protocol, port } of check.ports) {
    const key = `${check.vip} . ${protocol} . ${port}`;
    const at = `${check.vip}:${port}${protocol === 'tcp' ? '' : `/${protocol}`}`;
    const verdict = elements.get(key);
    if (verdict === undefined) {
      return step(
        check,
        'broken',
        `${check.where}: VIP ${at} has no rule in table switchyard_lb`,
        lines.join('\n') || null,
      );
    }
    const chain = verdict.replace(/^(goto|jump) /, '');
    const targets = (dnatTargets(table, chain) ?? []).sort();
    lines.push(`services: ${key} : ${verdict}`, `chain ${chain}: dnat to ${targets.join(', ') || 'nothing'}`);
    if (wanted.length === 0) {
      if (rejected.has(key)) continue;
      return step(
        check,
        'broken',
        `${check.where}: VIP ${at} has no backends but is not refused either: connections hang`,
        lines.join('\n'),
      );
    }
    const missing = check.backends.filter((backend) => !targets.includes(backend.address));
    const extra = targets.filter((target) => !wanted.includes(target));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        ...(missing.length > 0 ? [`missing ${listed(missing)}`] : []),
        ...(extra.length > 0 ? [`sending to ${extra.join(', ')}, which serve nothing`] : []),
      ];
      return step(
        check,
        'broken',
        `${check.where}: VIP ${at} balances over ${targets.join(', ') || 'nothing'}, but ${check.service}'s healthy tasks are ${listed(check.backends)}: ${parts.join('; ')}`,
        lines.join('\n'),
      );
    }
  }
  const ports = check.ports.map((port) => port.port).join(', ');
  const message =
    wanted.length === 0
      ? `${check.where}: VIP ${check.vip} refuses connections on ${ports}: ${check.service} has no healthy task`
      : `${check.where}: VIP ${check.vip} (port ${ports}) balances over ${listed(check.backends)}, ${check.service}'s healthy tasks`;
  return step(check, 'ok', message, lines.join('\n'));
}

function judgeOverlay(check: Check<'overlay'>, answers: Answers): PathStep {
  const where = `${check.node.name}: ${overlayLabel(check.network)}`;
  const fdbAnswer = answerOf(answers, check.fdbQueryId);
  const neighbourAnswer = answerOf(answers, check.neighbourQueryId);
  for (const read of [fdbAnswer, neighbourAnswer]) {
    if (!read.ok)
      return step(
        check,
        'broken',
        `${check.node.name}: cannot read ${overlayLabel(check.network)}: ${read.error}`,
        null,
      );
  }
  const fdb: FdbFact[] =
    fdbAnswer.ok && fdbAnswer.answer.fact?.fact === 'fdb' ? fdbAnswer.answer.fact.fdb : [];
  const neighbours: NeighbourFact[] =
    neighbourAnswer.ok && neighbourAnswer.answer.fact?.fact === 'neighbours'
      ? neighbourAnswer.answer.fact.neighbours
      : [];
  const device = `vx-${check.network.vni ?? ''}`;
  const { peer } = check;
  const remotes = fdb.filter((entry) => entry.device === device && entry.self && entry.mac === peer.mac);
  const neighbour = neighbours.find((entry) => entry.device === device && entry.address === peer.address);
  const detail = [
    ...remotes.map(
      (entry) => `fdb: ${entry.mac} dev ${device} dst ${entry.destination ?? '-'} ${entry.state}`,
    ),
    ...(neighbour === undefined
      ? []
      : [`neigh: ${neighbour.address} lladdr ${neighbour.mac ?? '-'} dev ${device} ${neighbour.state}`]),
  ].join('\n');
  const route = `${peer.mac} → ${peer.underlay}`;
  if (remotes.length === 0) {
    return step(check, 'broken', `${where} has no FDB entry for ${route} (${peer.label})`, detail || null);
  }
  const wrong = remotes.filter((entry) => entry.destination !== peer.underlay);
  if (wrong.length > 0) {
    const to = wrong.map((entry) => entry.destination ?? 'nowhere').join(', ');
    return step(
      check,
      'broken',
      `${where} sends ${peer.mac} to ${to} instead of ${peer.underlay} (${peer.label})`,
      detail,
    );
  }
  if (neighbour === undefined || neighbour.mac !== peer.mac) {
    const actual = neighbour === undefined ? '' : ` (it has ${neighbour.mac ?? 'no MAC'})`;
    return step(
      check,
      'broken',
      `${where} has no neighbour entry ${peer.address} → ${peer.mac}${actual} (${peer.label})`,
      detail || null,
    );
  }
  return step(
    check,
    'ok',
    `${where} reaches ${peer.address} (${peer.mac}) through ${peer.underlay} (${peer.label})`,
    detail,
  );
}

function judgeConnect(check: Check<'connect'>, answers: Answers): PathStep {
  const found = answerOf(answers, check.queryId);
  if (!found.ok) return step(check, 'broken', `${check.where}: cannot run the probe: ${found.error}`, null);
  const probe = found.answer.probe;
  if (probe === undefined)
    return step(check, 'broken', `${check.where}: the agent sent no probe result`, null);
  const detail = describeProbe(probe);
  const { probe: spec } = check;
  const to =
    spec.tool === 'tcp' ? `${spec.host}:${spec.port}` : spec.tool === 'ping' ? spec.host : check.target;
  if (probe.exitCode === 0) {
    const how = spec.tool === 'ping' ? `pings ${to}` : `connects to ${to}`;
    return step(check, 'ok', `${check.where}: ${how} (${check.target}) in ${probe.durationMs} ms`, detail);
  }
  const reason =
    probe.output
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? `exit ${probe.exitCode ?? 'killed'}`;
  const how = spec.tool === 'ping' ? `gets no reply from ${to}` : `cannot connect to ${to}`;
  return step(check, 'broken', `${check.where}: ${how} (${check.target}): ${reason}`, detail);
}

function judge(check: PathCheck, answers: Answers): PathStep {
  switch (check.kind) {
    case 'fixed':
      return check.step;
    case 'dns':
      return judgeDns(check, answers);
    case 'vip':
      return judgeVip(check, answers);
    case 'overlay':
      return judgeOverlay(check, answers);
    case 'connect':
      return judgeConnect(check, answers);
    case 'mtu':
      return judgeMtu(check, answers);
    case 'audit':
      return judgeAudit(check.audit, answers);
  }
}

/** Every step judged against the agents' answers; the first broken one is where the path breaks. */
export function judgePath(
  plan: PathPlan,
  answers: Answers,
  meta: { from: string; to: string; durationMs: number },
): PathCheckResult {
  const steps = plan.checks.map((check) => judge(check, answers));
  const broken = steps.find((candidate) => candidate.status === 'broken');
  return { ...meta, ok: broken === undefined, brokenAt: broken?.id ?? null, steps };
}
