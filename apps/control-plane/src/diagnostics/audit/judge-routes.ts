import type { LinkFact, NeighbourFact, RouteFact } from '@switchyard/contracts';
import type { AuditNamespace, RouteExpectation } from './audit-types.js';
import { broken, findLink, ipIn, ok, type Finding, type NamespaceFacts } from './namespace-facts.js';
import { describeRoute, inPrefix, lookupRoute, networkOf } from './route-lookup.js';

/** The connected route a link's address gives, when it covers `address`: what to add back. */
function connectedRoute(link: LinkFact | undefined, address: string): string | null {
  const network = link?.addresses.map(networkOf).find((candidate) => inPrefix(address, candidate));
  return network === undefined || link === undefined ? null : `${network} dev ${link.name}`;
}

const badNeighbour = (entry: NeighbourFact) => /failed|incomplete/.test(entry.state);

function judgeNeighbour(
  expected: RouteExpectation,
  route: RouteFact,
  facts: NamespaceFacts,
  connectFailed: boolean,
): Finding | null {
  const ip = ipIn(facts.netns);
  if (facts.neighbours === null || route.device === null) return null;
  const hop = route.gateway ?? expected.address;
  const entry = facts.neighbours.find(
    (candidate) => candidate.address === hop && candidate.device === route.device,
  );
  if (entry === undefined) return null;
  const line = `neigh ${entry.address} dev ${entry.device} lladdr ${entry.mac ?? '-'} ${entry.state}`;
  const whose = route.gateway === null ? expected.label : `the gateway to ${expected.label}`;
  // The connects run while this is read: an entry being resolved, or one that failed before and is
  // tried again, is only the break when a connect did fail.
  if (badNeighbour(entry) && connectFailed) {
    const fix =
      expected.neighbourMac === null || route.gateway !== null
        ? `${ip} neigh del ${hop} dev ${route.device}`
        : `${ip} neigh replace ${hop} lladdr ${expected.neighbourMac} dev ${route.device}`;
    return broken(
      `the neighbour entry for ${hop} (${whose}) on ${route.device} is ${entry.state.toUpperCase()}: nothing answers its ARP: ${fix}`,
      [line],
    );
  }
  const wanted = route.gateway === null ? expected.neighbourMac : null;
  if (wanted !== null && entry.mac !== null && entry.mac.toLowerCase() !== wanted.toLowerCase()) {
    return broken(
      `the neighbour entry for ${hop} on ${route.device} says ${entry.mac} (${entry.state}), but ${whose} is ${wanted}: ${ip} neigh replace ${hop} lladdr ${wanted} dev ${route.device}`,
      [line],
    );
  }
  return ok(null, [line]);
}

/**
 * The route each address takes here (longest prefix), that it leaves by the right device, and the
 * next hop's neighbour entry: with the MAC the desired state says, and not FAILED or INCOMPLETE
 * when a connect failed.
 */
export function judgeRoutes(
  namespace: AuditNamespace,
  facts: NamespaceFacts,
  connectFailed: boolean,
): Finding[] {
  if (facts.routes === null) return [];
  const routes = facts.routes;
  const ip = ipIn(facts.netns);
  const findings = namespace.routes.flatMap((expected): Finding[] => {
    const route = lookupRoute(routes, expected.address);
    const link = expected.device === null ? undefined : findLink(facts.links, expected.device);
    const add = connectedRoute(link, expected.address);
    const fix = add === null ? '' : `: ${ip} route add ${add}`;
    if (route === null) {
      return [
        broken(`has no route to ${expected.address} (${expected.label})${fix}`, [
          `route to ${expected.address}: none`,
        ]),
      ];
    }
    const line = `route to ${expected.address}: ${describeRoute(route)}`;
    if (link !== undefined && route.device !== link.name) {
      // A more specific route hides the connected one when that is still there: remove it instead.
      const hidden =
        add !== null &&
        routes.some((candidate) => `${candidate.destination} dev ${candidate.device ?? ''}` === add);
      const remedy = hidden ? `: ${ip} route del ${describeRoute(route)}` : fix;
      return [
        broken(
          `the route to ${expected.address} (${expected.label}) is ${describeRoute(route)}: it leaves by ${route.device ?? 'no device'}, not ${link.name}${remedy}`,
          [line],
        ),
      ];
    }
    const out =
      route.device === null ? undefined : facts.links?.find((candidate) => candidate.name === route.device);
    if (out !== undefined && !out.up) {
      return [
        broken(
          `the route to ${expected.address} (${expected.label}) leaves by ${out.name}, which is down: ${ip} link set ${out.name} up`,
          [line],
        ),
      ];
    }
    const neighbour = judgeNeighbour(expected, route, facts, connectFailed);
    return [ok(null, [line]), ...(neighbour === null ? [] : [neighbour])];
  });
  if (findings.length > 0 && findings.every((finding) => finding.status === 'ok')) {
    const devices = [
      ...new Set(namespace.routes.map((expected) => lookupRoute(routes, expected.address)?.device ?? '?')),
    ];
    findings.push(ok(`routes via ${devices.join(', ')}`, []));
  }
  return findings;
}
