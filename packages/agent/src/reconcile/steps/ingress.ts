import type { Condition, DesiredState } from '@switchyard/contracts';
import { tableKey } from '../../firewall/tables.js';
import type { VerdictTables } from '../../firewall/verdict-sync.js';
import { ingressPeerName, planHostLegs } from '../../ingress/plan-host-legs.js';
import { ingressTable, ingressTableSpec } from '../../ingress/render-ingress.js';
import { runHostLegs } from '../../ingress/run-host-legs.js';
import type { Dataplane, DataplaneSnapshot } from '../../osl/dataplane.js';
import { describeFindings, describeRestored, type VerdictFinding } from '../../firewall/verdict-drift.js';
import { describe, repaired, type BeforeRepair, type PassResult } from '../conditions.js';

/** The routing mesh: the host's veth into the ingress overlay, then its published ports. */
export class IngressStep {
  /** The host's ingress veth as the agent last made it. */
  private link: string | undefined;

  constructor(
    private readonly dataplane: Dataplane,
    private readonly verdictTables: VerdictTables,
  ) {}

  /** `hostLinks` undefined: the veth is left as it is (the pass did not read the host's links). */
  async run(
    document: DesiredState,
    hostLinks: DataplaneSnapshot['host'] | undefined,
    conditions: Condition[],
    result: PassResult,
    verify: boolean,
    beforeRepair?: BeforeRepair,
  ): Promise<void> {
    const { ingress } = document;
    const network = document.networks.find((candidate) => candidate.id === ingress?.networkId);
    const object = `ingress/${ingress?.networkId ?? 'none'}`;
    const { overlay } = network ?? {};
    const legs = ingress === null || overlay === undefined ? [] : [{ endpoint: ingress.endpoint, overlay }];
    const plan =
      hostLinks === undefined
        ? { host: [], spaces: [] }
        : planHostLegs(legs, ingressPeerName, hostLinks, this.link === undefined ? [] : [this.link]);
    try {
      if (ingress !== null && overlay === undefined) {
        throw new Error(`ingress network ${ingress.networkId} is not an overlay network of this node`);
      }
      const failures = await runHostLegs(this.dataplane, plan);
      if (failures.length > 0) throw new Error(failures.join('; '));
      this.link = ingress?.endpoint.interfaceName;
      const spec = ingressTableSpec(ingress);
      const found = (findings: readonly VerdictFinding[]) =>
        `in table ${tableKey(ingressTable)} on the host, ${describeFindings(findings)}`;
      const findings = await this.verdictTables.sync(undefined, ingressTable, spec, verify, (drifted) =>
        beforeRepair?.([{ object, found: found(drifted) }]),
      );
      if (findings.length > 0) repaired(result, object, found(findings), describeRestored(findings));
      if (ingress !== null) conditions.push({ object, ready: true });
    } catch (error) {
      conditions.push({ object, ready: false, message: describe(error) });
    }
  }
}
