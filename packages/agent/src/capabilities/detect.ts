import { access } from 'node:fs/promises';
import type { Capability } from '@switchyard/contracts';
import { containerdVersion } from '../osl/containerd.js';
import { CommandError, exec } from '../osl/exec.js';
import { ipBatch } from '../osl/ip.js';
import {
  espProbe,
  interpretProbeError,
  linkProbes,
  presentCapabilities,
  type ProbeResult,
} from './probes.js';

function failure(error: unknown): ProbeResult {
  if (error instanceof CommandError) return interpretProbeError(error.stderr);
  return interpretProbeError(error instanceof Error ? error.message : String(error));
}

async function probe(run: () => Promise<unknown>): Promise<ProbeResult> {
  try {
    await run();
    return { present: true };
  } catch (error) {
    return failure(error);
  }
}

export interface DetectedCapabilities {
  capabilities: Capability[];
  details: Record<Capability, ProbeResult>;
}

/**
 * Detects kernel features by trying them: link types and an ESP security association are created in
 * a throwaway namespace that is deleted afterwards (taking them with it), so the host is left
 * exactly as it was. containerd counts when `ctr version` reaches the daemon at `containerdAddress`.
 */
export async function detectCapabilities(containerdAddress?: string): Promise<DetectedCapabilities> {
  const nftables = await probe(() => exec('nft', ['list', 'tables']));
  const ipvs = await probe(() => access('/proc/net/ip_vs'));
  const netns = `sy-probe-${process.pid}`;
  const created = await probe(() => exec('ip', ['netns', 'add', netns]));
  const links: Record<keyof typeof linkProbes | 'ipsec', ProbeResult> = {
    '8021q': created,
    macvlan: created,
    vxlan: created,
    ipsec: created,
  };
  if (created.present) {
    try {
      for (const type of Object.keys(linkProbes) as (keyof typeof linkProbes)[]) {
        links[type] = await probe(() => ipBatch(linkProbes[type], netns));
      }
      // The state lives in the throwaway namespace and goes with it.
      links.ipsec = await probe(() => exec('ip', ['-n', netns, ...espProbe]));
    } finally {
      await exec('ip', ['netns', 'del', netns]).catch(() => undefined);
    }
  }
  // containerd is present when its daemon answers on the socket the agent was given.
  const containerd =
    containerdAddress === undefined
      ? { present: false, reason: 'no containerd socket (--containerd)' }
      : await probe(() => containerdVersion(containerdAddress));
  const details = { nftables, ipvs, ...links, containerd };
  return { capabilities: presentCapabilities(details), details };
}
