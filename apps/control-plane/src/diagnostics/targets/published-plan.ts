import { sandboxLabel } from '../path-plan.js';
import { nodeSubject } from '../path-subject.js';
import type { PublishedFacts } from './target-facts.js';
import {
  backendCheck,
  fixedCheck,
  outsideWhere,
  TargetQueries,
  type TargetCheck,
  type TargetPlan,
} from './target-check.js';

/**
 * The path of a published port from outside the cluster: the host, who publishes the port, the
 * host's DNAT for it (the routing mesh's element and chain in `switchyard_ingress`, or the -p rule in
 * `switchyard_nat`), the backends, forwarding on the host (which routes what it DNATs), a connection
 * from the host to each, then one from outside (another host, to this host's underlay address,
 * through its prerouting hook). Pure.
 */
export function planPublished(facts: PublishedFacts): TargetPlan {
  const { node, port, protocol, owner } = facts;
  const at = `${node.name}:${port}/${protocol}`;
  const checks: TargetCheck[] = [];
  const queries = new TargetQueries();
  const done = () => ({ checks, queries: queries.byNode });
  if (!node.connected) {
    checks.push(
      fixedCheck(
        'host',
        node.name,
        'broken',
        `${node.name}'s agent is not connected: nothing can be read there`,
      ),
    );
    return done();
  }
  checks.push(
    fixedCheck(
      'host',
      node.name,
      'ok',
      `${node.name}'s agent is connected; its underlay address is ${node.underlay}`,
    ),
  );
  if (owner === null) {
    const others = facts.published.length === 0 ? 'no port' : facts.published.join(', ');
    checks.push(
      fixedCheck(
        'published',
        `Port ${port}/${protocol}`,
        'broken',
        `nothing publishes port ${port}/${protocol} on ${node.name} (it publishes ${others}): publish it with docker service create -p ${port}:<port> or docker run -p ${port}:<port>`,
      ),
    );
    return done();
  }
  const dnatRead = (table: 'switchyard_ingress' | 'switchyard_nat') =>
    queries.add(node, {
      id: `dnat:${table}`,
      kind: 'read',
      where: { scope: 'host' },
      fact: 'nft',
      table: { family: 'ip', name: table },
    });
  const connect = protocol === 'tcp';
  const reachBackend = (address: string, targetPort: number, label: string) =>
    queries.reach(
      node,
      {
        id: `reach:backend:${address}`,
        title: `${node.name} → ${label}`,
        where: `${node.name}'s namespace`,
        what: `${label} at ${address}:${targetPort}`,
      },
      { tool: 'tcp', host: address, port: targetPort },
    );

  if (owner.kind === 'ingress') {
    checks.push(
      fixedCheck(
        'published',
        `Port ${port}/${protocol}`,
        'ok',
        `service ${owner.service} publishes ${port}/${protocol} through the routing mesh to its port ${owner.targetPort}, on every host`,
      ),
    );
    const label = (address: string) => {
      const task = owner.tasks.find((candidate) => candidate.address === address);
      return task === undefined ? address : sandboxLabel(task.sandbox);
    };
    checks.push({
      kind: 'dnat',
      id: 'dnat',
      title: `DNAT of ${port}/${protocol} on ${node.name}`,
      where: node.name,
      subject: nodeSubject(node),
      queryId: dnatRead('switchyard_ingress'),
      table: 'switchyard_ingress',
      protocol,
      port,
      targets: owner.backends.map((address) => ({ address, label: label(address) })),
      targetPort: owner.targetPort,
      owner: `service ${owner.service}`,
    });
    if (owner.backends.length === 0) {
      checks.push(
        fixedCheck(
          'backends',
          'Backends',
          'broken',
          `the routing mesh's backends for ${at} are empty: service ${owner.service} has no running, healthy task, so ${node.name} refuses the port`,
        ),
      );
    }
    checks.push(...owner.tasks.flatMap(({ sandbox }) => backendCheck(sandbox)));
    checks.push(queries.leg(node, owner.leg));
    if (owner.backends.length > 0) {
      checks.push(
        queries.forwarding(node, {
          port,
          devices: [owner.leg.interfaceName],
          to: owner.backends.map((address) => `${address} (${label(address)})`).join(', '),
        }),
      );
    }
    if (connect) {
      checks.push(
        ...owner.backends.map((address) => reachBackend(address, owner.targetPort, label(address))),
      );
    }
  } else {
    const { sandbox, port: rule } = owner;
    checks.push(
      fixedCheck(
        'published',
        `Port ${port}/${protocol}`,
        'ok',
        `${sandboxLabel(sandbox)} publishes ${rule.hostIp}:${port} → ${rule.containerPort}/${protocol} (-p), on ${node.name} only`,
      ),
    );
    checks.push({
      kind: 'dnat',
      id: 'dnat',
      title: `DNAT of ${port}/${protocol} on ${node.name}`,
      where: node.name,
      subject: nodeSubject(node),
      queryId: dnatRead('switchyard_nat'),
      table: 'switchyard_nat',
      protocol,
      port,
      targets: [{ address: rule.targetAddress, label: sandboxLabel(sandbox) }],
      targetPort: rule.containerPort,
      owner: sandboxLabel(sandbox),
    });
    checks.push(...backendCheck(sandbox));
    checks.push(
      queries.forwarding(node, {
        port,
        devices: owner.bridge === null ? [] : [owner.bridge],
        to: `${rule.targetAddress} (${sandboxLabel(sandbox)})`,
      }),
    );
    if (connect) checks.push(reachBackend(rule.targetAddress, rule.containerPort, sandboxLabel(sandbox)));
  }

  const { from, where } = outsideWhere(node, facts.outside);
  checks.push(
    connect
      ? queries.reach(
          from,
          {
            id: 'reach:outside',
            title: `Outside → ${node.underlay}:${port}`,
            where,
            what: `${node.name}'s ${node.underlay}:${port}`,
          },
          { tool: 'tcp', host: node.underlay, port },
        )
      : fixedCheck(
          'reach:outside',
          `Outside → ${node.underlay}:${port}`,
          'skipped',
          `UDP has no connection to try: a probe that sends and hears nothing proves nothing`,
        ),
  );
  return done();
}
