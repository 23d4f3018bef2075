import type { Capability } from '@switchyard/contracts';

/** What one probe found; `reason` says why a capability is missing, from the tool's own words. */
export interface ProbeResult {
  present: boolean;
  reason?: string;
}

/** Link types are probed by creating one; each needs what the batch lines before it set up. */
export const linkProbes: Record<'8021q' | 'macvlan' | 'vxlan', string[]> = {
  '8021q': ['link add syp0 type veth peer name syp1', 'link add link syp0 name syp0.10 type vlan id 10'],
  macvlan: [
    'link add syp2 type veth peer name syp3',
    'link add link syp2 name sym0 type macvlan mode bridge',
  ],
  vxlan: ['link add syvx0 type vxlan id 42 dstport 4789'],
};

/**
 * ESP is probed by installing one security association: the key sizes fit `cbc(aes)` (128 bits)
 * and `hmac(sha256)` (256 bits). A kernel without INET_ESP refuses the state.
 */
export const espProbe = [
  'xfrm',
  'state',
  'add',
  'src',
  '10.0.0.1',
  'dst',
  '10.0.0.2',
  'proto',
  'esp',
  'spi',
  '0x100',
  'enc',
  'cbc(aes)',
  `0x${'11'.repeat(16)}`,
  'auth',
  'hmac(sha256)',
  `0x${'22'.repeat(32)}`,
];

const missingPatterns: [RegExp, string][] = [
  [/unknown device type/i, 'kernel lacks this link type'],
  [/protocol not available/i, 'kernel lacks this protocol'],
  // What `ip xfrm state add` prints when the kernel has no ESP.
  [/requested type not found/i, 'kernel lacks this protocol'],
  [/operation not supported/i, 'operation not supported by the kernel'],
  [/no such file or directory/i, 'not present in the kernel'],
  [/command not found|ENOENT/i, 'tool not installed'],
  [/operation not permitted/i, 'not permitted (the agent must run as root)'],
];

/** Turns a probe's error output into a short reason a human can act on. */
export function interpretProbeError(stderr: string): ProbeResult {
  const line = stderr.trim().split('\n')[0] ?? '';
  for (const [pattern, reason] of missingPatterns) {
    if (pattern.test(stderr)) return { present: false, reason: `${reason}: ${line}` };
  }
  return { present: false, reason: line === '' ? 'probe failed' : line };
}

/** Capabilities in a stable order, from per-capability results. */
export function presentCapabilities(results: Record<Capability, ProbeResult>): Capability[] {
  return (Object.keys(results) as Capability[]).filter((name) => results[name].present).sort();
}
