import type { DiagnosticAnswer, Fact, PathStep } from '@switchyard/contracts';
import type { AuditNamespace } from './audit-types.js';
import { judgeFlows } from './judge-flows.js';
import { judgeLinks, judgePorts } from './judge-links.js';
import { judgeRoutes } from './judge-routes.js';
import { judgeRpFilter } from './judge-sysctls.js';
import type { Finding, NamespaceFacts } from './namespace-facts.js';

type Answers = ReadonlyMap<string, DiagnosticAnswer>;

/** The fact a query brought back, or why there is none. */
function factOf<K extends Fact['fact']>(
  answers: Answers,
  id: string | null,
  kind: K,
): { fact: Extract<Fact, { fact: K }> | null; netns: string | null } | string {
  if (id === null) return { fact: null, netns: null };
  const answer = answers.get(id);
  if (answer === undefined) return 'its agent did not answer';
  if (!answer.ok) return answer.error;
  const fact = answer.fact;
  if (fact?.fact !== kind) return `the agent sent no ${kind}`;
  return { fact: fact as Extract<Fact, { fact: K }>, netns: answer.netns };
}

function read(namespace: AuditNamespace, answers: Answers): NamespaceFacts | string {
  const { queries } = namespace;
  const ruleset = factOf(answers, queries.ruleset, 'ruleset');
  const links = factOf(answers, queries.links, 'links');
  const routes = factOf(answers, queries.routes, 'routes');
  const neighbours = factOf(answers, queries.neighbours, 'neighbours');
  const sysctls = factOf(answers, queries.sysctls, 'sysctls');
  const ports = factOf(answers, queries.ports, 'ports');
  for (const [what, found] of [
    ['the nft ruleset', ruleset],
    ['links', links],
    ['routes', routes],
    ['neighbours', neighbours],
    ['sysctls', sysctls],
    ['bridge ports', ports],
  ] as const) {
    if (typeof found === 'string') return `cannot read ${what}: ${found}`;
  }
  if (typeof ruleset === 'string' || typeof links === 'string') return 'unreachable';
  const pick = <T>(found: { fact: T | null } | string): T | null =>
    typeof found === 'string' ? null : found.fact;
  return {
    netns: links.netns,
    nftables: ruleset.fact?.nftables ?? [],
    links: links.fact?.links ?? [],
    routes: pick(routes)?.routes ?? null,
    neighbours: pick(neighbours)?.neighbours ?? null,
    sysctls: pick(sysctls)?.sysctls ?? null,
    ports: pick(ports)?.ports ?? null,
  };
}

/** Whether any connect of the check failed: a rule that only may drop is then worth a broken step. */
function connectFailed(namespace: AuditNamespace, answers: Answers): boolean {
  return namespace.connectQueryIds.some((id) => {
    const answer = answers.get(id);
    return answer === undefined || !answer.ok || answer.probe?.exitCode !== 0;
  });
}

/**
 * One namespace on the path judged from everything read there: links and bridge ports, routes and
 * neighbours, reverse-path filtering, then every nft table against the flow. The first break found
 * (in that order, the order in which they would hide each other) is the step's message.
 */
export function judgeAudit(namespace: AuditNamespace, answers: Answers): PathStep {
  const base = { id: namespace.id, title: namespace.title };
  const prefix = `${namespace.node.name}: ${namespace.where}`;
  if (!namespace.node.connected) {
    return { ...base, status: 'skipped', message: `${prefix}: its agent is not connected`, detail: null };
  }
  const facts = read(namespace, answers);
  if (typeof facts === 'string')
    return { ...base, status: 'broken', message: `${prefix}: ${facts}`, detail: null };
  const failed = connectFailed(namespace, answers);
  const routes = judgeRoutes(namespace, facts, failed);
  const rpFilter = judgeRpFilter(namespace, facts);
  const findings: Finding[] = [
    ...judgeLinks(namespace, facts),
    ...judgePorts(namespace, facts),
    ...(namespace.rpFilterFirst ? [...rpFilter, ...routes] : [...routes, ...rpFilter]),
    ...judgeFlows(namespace, facts, failed),
  ];
  const detail = [
    `namespace: ${facts.netns ?? "the host's own"}`,
    ...findings.flatMap((finding) => finding.detail),
  ].join('\n');
  const broken = findings.find((finding) => finding.status === 'broken');
  if (broken !== undefined)
    return { ...base, status: 'broken', message: `${prefix}: ${broken.message}`, detail };
  const summary = findings.flatMap((finding) => (finding.summary === null ? [] : [finding.summary]));
  return { ...base, status: 'ok', message: `${prefix}: ${summary.join('; ')}`, detail };
}
