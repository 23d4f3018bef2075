import type { NetworkView } from '@switchyard/contracts';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { FieldGroup } from '../../../components/form/field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { spansHosts } from '../../../lib/inventory/network-span';
import { serviceFields } from './service-draft';

/** Driver, reach and subnets: enough to tell an overlay from a one-host bridge. */
function networkSummary(network: NetworkView): string {
  const reach = spansHosts(network)
    ? `every host${network.attachable ? ' · attachable' : ''}`
    : (network.nodeName ?? 'each host');
  return [network.driver, reach, ...network.ipam.map((pool) => pool.subnet)].join(' · ');
}

/** `--network`, several times: the service gets a VIP on each. */
export function ServiceNetworksFields({
  networks,
  chosen,
  fields,
  onToggle,
}: {
  networks: readonly NetworkView[];
  chosen: readonly string[];
  fields: FieldErrors;
  onToggle: (network: string, attached: boolean) => void;
}) {
  return (
    <FieldGroup
      {...fields.at(serviceFields.networks)}
      legend="Networks"
      hint="None ticked: reachable only through its published ports. An overlay gives the service a VIP on every host."
    >
      {networks.length === 0 && <p className="muted">No overlay or bridge network yet.</p>}
      <ul className="attachment-list">
        {networks.map((network) => {
          return (
            <li key={network.id} className="attachment">
              <CheckboxField
                id={`service-network-${network.id}`}
                label={
                  <>
                    <span className="mono">{network.name}</span>{' '}
                    <span className="subtle">{networkSummary(network)}</span>
                  </>
                }
                checked={chosen.includes(network.name)}
                onChange={(checked) => onToggle(network.name, checked)}
              />
            </li>
          );
        })}
      </ul>
    </FieldGroup>
  );
}
