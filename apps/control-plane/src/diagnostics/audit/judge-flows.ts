import type { AuditFlow, AuditNamespace } from './audit-types.js';
import { chainLabel } from './nft/describe.js';
import { judgeFlow, type Flow, type RuleHit } from './nft/match.js';
import { parseRuleset, type Json } from './nft/ruleset.js';
import { broken, execIn, ok, type Finding, type NamespaceFacts } from './namespace-facts.js';
import { lookupRoute } from './route-lookup.js';

function hitLabel(hit: RuleHit): string {
  return hit.handle === null
    ? `${chainLabel(hit.chain)} (policy drop)`
    : `${chainLabel(hit.chain)}, rule handle ${hit.handle} (${hit.text})`;
}

/** A rule that lets just this packet through: its connection's replies, or its source and port. */
function acceptRule(flow: Flow): string {
  if (flow.ct === 'established') return 'ct state established,related accept';
  const what =
    flow.protocol === 'icmp' ? 'meta l4proto icmp' : `${flow.protocol} dport ${flow.dport ?? '<port>'}`;
  return `ip saddr ${flow.saddr} ${what} accept`;
}

function fixOf(hit: RuleHit, flow: Flow, netns: string | null): string {
  const { family, table, name } = hit.chain;
  // The agent's own rules drop only what the desired state asks them to: deleting one is no fix.
  if (table.startsWith('switchyard_')) {
    return "it is the agent's own rule, as the desired state asks (a VIP without a healthy task refuses, a network without ICC drops between its endpoints)";
  }
  const nft = `${execIn(netns)}nft`;
  return hit.handle === null
    ? `${nft} insert rule ${family} ${table} ${name} ${acceptRule(flow)}`
    : `${nft} delete rule ${family} ${table} ${name} handle ${hit.handle}`;
}

/** The flow with the devices the routes give it, where the planner could only name an address. */
function resolved(flow: AuditFlow, facts: NamespaceFacts): Flow {
  const device = (address: string | undefined) =>
    address === undefined || facts.routes === null
      ? null
      : (lookupRoute(facts.routes, address)?.device ?? null);
  return {
    ...flow.flow,
    iifname: flow.iifByRoute === undefined ? flow.flow.iifname : device(flow.iifByRoute),
    oifname: flow.oifByRoute === undefined ? flow.flow.oifname : device(flow.oifByRoute),
  };
}

/**
 * Every nft table of the namespace (ours or anyone's) against each packet of the flow. A certain drop
 * is a break; a rule that only may drop it (a match that cannot be evaluated) is one when a connect
 * failed, and a note otherwise, since the connects showed it did not.
 */
export function judgeFlows(
  namespace: AuditNamespace,
  facts: NamespaceFacts,
  connectFailed: boolean,
): Finding[] {
  if (namespace.flows.length === 0 || facts.nftables === null) return [];
  const ruleset = parseRuleset({ nftables: facts.nftables as Json[] });
  const tables = ruleset.tables.map((table) => `${table.family} ${table.name}`);
  const brNetfilter =
    facts.sysctls?.find((sysctl) => sysctl.name === 'net.bridge.bridge-nf-call-iptables')?.value === '1';
  const notes: string[] = [];
  const detail = [`nft tables: ${tables.join(', ') || 'none'}`];
  for (const audited of namespace.flows) {
    if (audited.viaBrNetfilter === true && !brNetfilter) continue;
    const flow = resolved(audited, facts);
    const verdict = judgeFlow(ruleset, flow);
    detail.push(`${audited.label}: ${verdict.verdict}`, ...verdict.traversed.map((line) => `  ${line}`));
    if (verdict.droppedBy !== null && verdict.certain) {
      return [
        broken(
          `${hitLabel(verdict.droppedBy)} drops ${audited.label}: ${fixOf(verdict.droppedBy, flow, facts.netns)}`,
          detail,
        ),
      ];
    }
    const maybe = [
      ...(verdict.droppedBy === null
        ? []
        : [{ ...verdict.droppedBy, why: 'a rule before it that cannot be evaluated may accept it first' }]),
      ...verdict.mayDrop,
    ];
    for (const hit of maybe) {
      const note = `${hitLabel(hit)} may drop ${audited.label} (cannot evaluate ${hit.why})`;
      detail.push(`  ${note}`);
      if (connectFailed) return [broken(`${note}: ${fixOf(hit, flow, facts.netns)}`, detail)];
      notes.push(note);
    }
  }
  const summary =
    tables.length === 0
      ? 'no nft tables'
      : `${tables.length} nft table${tables.length === 1 ? '' : 's'} let it through${
          notes.length === 0
            ? ''
            : ` (${notes.length} rule${notes.length === 1 ? '' : 's'} may drop it, but the connects passed)`
        }`;
  return [ok(summary, detail)];
}
