import { sandboxLabel, shortName } from '../../path-plan.js';
import { sandboxSubject } from '../../path-subject.js';
import type { AuditFlow, AuditNamespace } from '../audit-types.js';
import { ask, describeProbe, packets, rpSysctls, type Context, type Hop } from './context.js';

/** The reads of one sandbox, with the rp_filter of the device the flow uses there. */
const askSandbox = (context: Context, sandbox: Hop['sandbox'], device: Parameters<typeof rpSysctls>[0]) =>
  ask(
    context,
    sandbox.node,
    `sb:${sandbox.id}`,
    { scope: 'sandbox', sandboxId: sandbox.id },
    { sysctls: rpSysctls(device) },
  );

/** A's sandbox: its interface, the routes to the VIP and each backend, the packets leaving and the replies. */
export function clientSandbox(context: Context): AuditNamespace {
  const { client, backends, vip, probe, network } = context;
  const name = shortName(client.sandbox);
  const device = client.interfaceName;
  const queries = askSandbox(context, client.sandbox, device);
  const link = { name: device, mac: client.endpoint.mac };
  const targets = [
    ...(vip === null ? [] : [{ address: vip, label: `the VIP of ${context.facts.targetName}` }]),
    ...backends.map((hop) => ({ address: hop.endpoint.address, label: sandboxLabel(hop.sandbox) })),
  ];
  const flows = targets.flatMap((target): AuditFlow[] => {
    const { request, reply } = packets(probe, client.endpoint.address, target.address, {
      out: device,
      in: null,
    });
    return [
      { label: `${describeProbe(probe, target.address)} (${target.label}) leaving ${name}`, flow: request },
      {
        label: `the reply from ${target.address} (${target.label}) arriving in ${name}`,
        flow: { ...reply, iifname: device, oifname: null },
      },
    ];
  });
  return {
    id: `audit:${client.sandbox.name}`,
    title: `Kernel in ${name}'s sandbox`,
    node: client.sandbox.node,
    where: `${name}'s sandbox`,
    subject: sandboxSubject(client.sandbox),
    queries,
    links: [{ label: `${name}'s interface on ${network.name}`, link, master: null }],
    ports: [],
    routes: [
      ...(vip === null
        ? []
        : [
            {
              address: vip,
              label: `the VIP of ${context.facts.targetName}`,
              device: link,
              neighbourMac: null,
            },
          ]),
      ...backends.map((hop) => ({
        address: hop.endpoint.address,
        label: sandboxLabel(hop.sandbox),
        device: link,
        neighbourMac: hop.endpoint.mac,
      })),
    ],
    rpFilterFirst: false,
    rpFilter: backends.map((hop) => ({
      device: link,
      deviceName: device,
      source: hop.endpoint.address,
      label: sandboxLabel(hop.sandbox),
    })),
    flows,
    connectQueryIds: context.connectQueryIds,
  };
}

/** A backend's sandbox: its interface, the route back to A, the request arriving and the reply leaving. */
export function taskSandbox(context: Context, hop: Hop): AuditNamespace {
  const { client, probe, network } = context;
  const name = shortName(hop.sandbox);
  const device = hop.interfaceName;
  const queries = askSandbox(context, hop.sandbox, device);
  const link = { name: device, mac: hop.endpoint.mac };
  const { request, reply } = packets(probe, client.endpoint.address, hop.endpoint.address, {
    out: null,
    in: device,
  });
  const clientName = shortName(client.sandbox);
  return {
    id: `audit:${hop.sandbox.name}`,
    title: `Kernel in ${name}'s sandbox`,
    node: hop.sandbox.node,
    where: `${hop.sandbox.kind === 'task' ? 'task ' : ''}${name}'s sandbox`,
    subject: sandboxSubject(hop.sandbox),
    queries,
    links: [{ label: `${name}'s interface on ${network.name}`, link, master: null }],
    ports: [],
    routes: [
      {
        address: client.endpoint.address,
        label: sandboxLabel(client.sandbox),
        device: link,
        neighbourMac: client.endpoint.mac,
      },
    ],
    rpFilterFirst: true,
    rpFilter: [
      {
        device: link,
        deviceName: device,
        source: client.endpoint.address,
        label: sandboxLabel(client.sandbox),
      },
    ],
    flows: [
      {
        label: `${describeProbe(probe, hop.endpoint.address)} from ${clientName} arriving in ${name}`,
        flow: { ...request, route: 'in', iifname: device, oifname: null },
      },
      {
        label: `${name}'s reply to ${clientName} (${client.endpoint.address}) leaving`,
        flow: { ...reply, route: 'out', iifname: null, oifname: device },
      },
    ],
    connectQueryIds: context.connectQueryIds,
  };
}
