import type { AuditNamespace } from './audit-types.js';
import { broken, findLink, ipIn, ok, type Finding, type NamespaceFacts } from './namespace-facts.js';

/** Each link the flow crosses here exists, is up, and hangs on its bridge. */
export function judgeLinks(namespace: AuditNamespace, facts: NamespaceFacts): Finding[] {
  if (facts.links === null) return [];
  const ip = ipIn(facts.netns);
  const findings = namespace.links.map((expected): Finding => {
    const link = findLink(facts.links, expected.link);
    const wanted = expected.link.name ?? expected.link.mac ?? '?';
    if (link === undefined) {
      return broken(`${expected.label} (${wanted}) is missing: the agent makes it again on its next resync`, [
        `link ${wanted}: missing`,
      ]);
    }
    const line = `link ${link.name}: ${link.up ? 'up' : 'DOWN'}, mtu ${link.mtu}${
      link.master === null ? '' : `, on ${link.master}`
    }${link.addresses.length === 0 ? '' : `, ${link.addresses.join(' ')}`}`;
    if (expected.master !== null && link.master !== expected.master) {
      const now = link.master === null ? 'on no bridge' : `on ${link.master}`;
      return broken(
        `${expected.label} ${link.name} is ${now}, not on ${expected.master}: ${ip} link set ${link.name} master ${expected.master} up`,
        [line],
      );
    }
    if (!link.up) {
      const on = expected.master === null ? '' : ` on ${expected.master}`;
      return broken(`${expected.label} ${link.name}${on} is down: ${ip} link set ${link.name} up`, [line]);
    }
    return ok(null, [line]);
  });
  if (findings.length > 0 && findings.every((finding) => finding.status === 'ok')) {
    const names = namespace.links
      .map((expected) => findLink(facts.links, expected.link)?.name)
      .filter((name) => name !== undefined);
    findings.push(ok(`${names.join(', ')} up`, []));
  }
  return findings;
}

/** Each bridge port on the path forwards (a port set down or disabled by hand drops every frame). */
export function judgePorts(namespace: AuditNamespace, facts: NamespaceFacts): Finding[] {
  if (facts.ports === null) return [];
  const bridge = facts.netns === null ? 'bridge' : `bridge -n ${facts.netns}`;
  return namespace.ports.map(({ name, label }): Finding => {
    const port = facts.ports?.find((candidate) => candidate.name === name);
    if (port === undefined) return ok(null, [`bridge port ${name}: not a port`]);
    const line = `bridge port ${name} on ${port.master ?? '?'}: ${port.state}${port.carrier ? '' : ', no carrier'}`;
    if (port.state === 'forwarding') return ok(null, [line]);
    if (!port.up) {
      return broken(
        `${label} on ${port.master ?? 'its bridge'} is down (port ${port.state}): ${ipIn(facts.netns)} link set ${name} up`,
        [line],
      );
    }
    if (!port.carrier) {
      return broken(
        `${label} ${name} on ${port.master ?? 'its bridge'} is ${port.state}: its other end, in the sandbox, is down (no carrier)`,
        [line],
      );
    }
    return broken(
      `${label} ${name} is ${port.state} on ${port.master ?? 'its bridge'}, so the bridge drops its frames: ${bridge} link set dev ${name} state 3`,
      [line],
    );
  });
}
