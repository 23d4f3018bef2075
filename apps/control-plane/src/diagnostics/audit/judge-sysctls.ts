import type { AuditNamespace } from './audit-types.js';
import { broken, execIn, findLink, ok, type Finding, type NamespaceFacts } from './namespace-facts.js';
import { describeRoute, lookupRoute } from './route-lookup.js';

const modes = ['off', 'strict', 'loose'];

/**
 * Reverse-path filtering: the kernel uses the higher of `all` and the device's value. Strict (1)
 * drops a packet whose source is routed back by another device; loose (2) only one with no route
 * back at all. Judged only where the route back really differs, so a healthy path never shows it.
 */
export function judgeRpFilter(namespace: AuditNamespace, facts: NamespaceFacts): Finding[] {
  if (facts.sysctls === null || facts.routes === null || namespace.rpFilter.length === 0) return [];
  const value = (name: string) => Number(facts.sysctls?.find((sysctl) => sysctl.name === name)?.value ?? 0);
  const routes = facts.routes;
  const findings = namespace.rpFilter.map((check): Finding => {
    const device = findLink(facts.links, check.device)?.name ?? check.deviceName;
    if (device === null) return ok(null, []);
    const own = check.deviceName === null ? 0 : value(`net.ipv4.conf.${check.deviceName}.rp_filter`);
    const mode = Math.max(value('net.ipv4.conf.all.rp_filter'), own);
    const back = lookupRoute(routes, check.source);
    const line = `rp_filter on ${device}: ${mode} (${modes[mode] ?? mode}); route back to ${check.source}: ${
      back === null ? 'none' : describeRoute(back)
    }`;
    const fix = `${execIn(facts.netns)}sysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.${device}.rp_filter=0`;
    if (mode === 1 && back !== null && back.device !== device) {
      return broken(
        `rp_filter is strict (1) on ${device}, and the route back to ${check.source} (${check.label}) leaves by ${back.device ?? 'no device'} (${describeRoute(back)}): the kernel drops what ${check.label} sends: ${fix}, or restore the route`,
        [line],
      );
    }
    if (mode >= 1 && back === null) {
      return broken(
        `rp_filter (${mode}) on ${device} drops what ${check.label} (${check.source}) sends: there is no route back to it: ${fix}, or restore the route`,
        [line],
      );
    }
    return ok(null, [line]);
  });
  return findings;
}
