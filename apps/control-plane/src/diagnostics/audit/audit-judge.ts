import type { DiagnosticAnswer, Fact, PathStep } from '@switchyard/contracts';
import type { AuditNamespace } from './audit-types.js';
import { judgeFlows } from './judge-flows.js';
import { judgeLinks, judgePorts } from './judge-links.js';
import { judgeRoutes } from './judge-routes.js';
import { judgeRpFilter } from './judge-sysctls.js';
import { broken, ok, type Finding, type NamespaceFacts } from './namespace-facts.js';

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

/** Everything read in the namespace; a read that failed is null, with why in `failures`. */
function read(namespace: AuditNamespace, answers: Answers): { facts: NamespaceFacts; failures: string[] } {
  const { queries } = namespace;
  const failures: string[] = [];
  let netns: string | null = null;
  const get = <K extends Fact['fact']>(what: string, id: string | null, kind: K) => {
    const found = factOf(answers, id, kind);
    if (typeof found === 'string') {
      failures.push(`cannot read ${what}: ${found}`);
      return null;
    }
    if (found.fact !== null) netns = found.netns;
    return found.fact;
  };
  const ruleset = get('the nft ruleset', queries.ruleset, 'ruleset');
  const links = get('links', queries.links, 'links');
  const routes = get('routes', queries.routes, 'routes');
  const neighbours = get('neighbours', queries.neighbours, 'neighbours');
  const sysctls = get('sysctls', queries.sysctls, 'sysctls');
  const ports = get('bridge ports', queries.ports, 'ports');
  return {
    facts: {
      netns,
      nftables: ruleset?.nftables ?? null,
      links: links?.links ?? null,
      routes: routes?.routes ?? null,
      neighbours: neighbours?.neighbours ?? null,
      sysctls: sysctls?.sysctls ?? null,
      ports: ports?.ports ?? null,
    },
    failures,
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
  const base = { id: namespace.id, title: namespace.title, subject: namespace.subject };
  const prefix = `${namespace.node.name}: ${namespace.where}`;
  if (!namespace.node.connected) {
    return { ...base, status: 'skipped', message: `${prefix}: its agent is not connected`, detail: null };
  }
  const { facts, failures } = read(namespace, answers);
  const failed = connectFailed(namespace, answers);
  const routes = judgeRoutes(namespace, facts, failed);
  const rpFilter = judgeRpFilter(namespace, facts);
  const findings: Finding[] = [
    ...judgeLinks(namespace, facts),
    ...judgePorts(namespace, facts),
    ...(namespace.rpFilterFirst ? [...rpFilter, ...routes] : [...routes, ...rpFilter]),
    ...judgeFlows(namespace, facts, failed),
    // What could not be read may hide the break: it is one only when a connect failed.
    ...failures.map((failure) => (failed ? broken(failure, [failure]) : ok(failure, [failure]))),
  ];
  const detail = [
    `namespace: ${facts.netns ?? "the host's own"}`,
    ...findings.flatMap((finding) => finding.detail),
  ].join('\n');
  const first = findings.find((finding) => finding.status === 'broken');
  if (first !== undefined) {
    return { ...base, status: 'broken', message: `${prefix}: ${first.message}`, detail };
  }
  const summary = findings.flatMap((finding) => (finding.summary === null ? [] : [finding.summary]));
  return { ...base, status: 'ok', message: `${prefix}: ${summary.join('; ')}`, detail };
}
