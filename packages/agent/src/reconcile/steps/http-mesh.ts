import type { Condition, DesiredState } from '@switchyard/contracts';
import type { MeshProxy } from '../../hrm/mesh-proxy.js';
import { meshPeerName, planHostLegs, type HostLeg } from '../../ingress/plan-host-legs.js';
import { runHostLegs } from '../../ingress/run-host-legs.js';
import type { Dataplane } from '../../osl/dataplane.js';
import type { LinkState } from '../../osl/links.js';
import { describe, repaired, type BeforeRepair, type PassResult } from '../conditions.js';

/**
 * The HTTP routing mesh's step of a pass: the host's legs into the mesh networks (structural, so
 * only when the pass read the host's links), then the proxy. Reported as `hrm/proxy`; nothing is
 * reported for no mesh unless taking it down failed.
 */
export class HttpMeshStep {
  /** The host's veths into mesh networks that this agent made. */
  private links: string[] = [];

  constructor(
    private readonly dataplane: Dataplane,
    private readonly proxy: MeshProxy,
  ) {}

  /**
   * `verify` (a resync): the proxy's files are read back too, and ones that differ from what it
   * serves are told to `beforeRepair`, written again and reloaded, and recorded as repaired.
   */
  async run(
    document: DesiredState,
    hostLinks: readonly LinkState[] | undefined,
    verify?: { result: PassResult; beforeRepair: BeforeRepair | undefined },
  ): Promise<Condition | undefined> {
    const { hrm } = document;
    const problems: string[] = [];
    const object = 'hrm/proxy';
    if (hostLinks !== undefined) {
      const legs: HostLeg[] = [];
      for (const link of hrm?.links ?? []) {
        const overlay = document.networks.find((network) => network.id === link.networkId)?.overlay;
        if (overlay === undefined) {
          problems.push(`mesh network ${link.networkId} is not an overlay network of this node`);
        } else legs.push({ endpoint: link, overlay });
      }
      const failures = await runHostLegs(
        this.dataplane,
        planHostLegs(legs, meshPeerName, hostLinks, this.links),
      );
      problems.push(...failures);
      // After a failure a leg may be half made: it stays one to remove once no longer wanted.
      const wanted = legs.map((leg) => leg.endpoint.interfaceName);
      this.links = failures.length === 0 ? wanted : [...new Set([...this.links, ...wanted])];
    }
    try {
      const drifted = verify === undefined || hrm === null ? [] : await this.proxy.drifted(hrm);
      const found = `HAProxy's ${drifted.join(', ')} differed on disk from what it serves`;
      if (drifted.length > 0) verify?.beforeRepair?.([{ object, found }]);
      await this.proxy.sync(hrm);
      if (drifted.length > 0 && verify !== undefined) {
        repaired(verify.result, object, found, `wrote ${drifted.join(', ')} again and reloaded HAProxy`);
      }
    } catch (error) {
      problems.push(describe(error));
    }
    if (hrm === null && problems.length === 0) return undefined;
    return problems.length === 0
      ? { object, ready: true }
      : { object, ready: false, message: problems.join('; ') };
  }
}
