import { allCapabilities, type Capability } from '@switchyard/contracts';
import { capabilityTitle } from '../../../lib/badges/explain';

/** Every known capability, so what a node lacks (ipvs on many kernels) is as visible as what it has. */
export function CapabilityChips({ present }: { present: readonly Capability[] }) {
  return (
    <ul className="chips" aria-label="Capabilities">
      {allCapabilities.map((capability) => {
        const has = present.includes(capability);
        return (
          <li key={capability} className="chip" data-present={has} title={capabilityTitle(capability, has)}>
            {capability}
            {!has && <span className="visually-hidden"> (absent)</span>}
          </li>
        );
      })}
    </ul>
  );
}
