import type { NetworkView } from '@switchyard/contracts';
import { FieldMessage } from '../../../components/form/field-message';
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
  const error = fields.errorFor(serviceFields.networks);
  const messageId = `${fields.id(serviceFields.networks)}-message`;
  return (
    <fieldset
      className="fieldset"
      id={fields.id(serviceFields.networks)}
      tabIndex={-1}
      aria-invalid={error ? true : undefined}
      aria-describedby={messageId}
    >
      <legend>Networks</legend>
      <FieldMessage
        id={messageId}
        error={error}
        hint="None ticked: reachable only through its published ports. An overlay gives the service a VIP on every host."
      />
      {networks.length === 0 && <p className="muted">No overlay or bridge network yet.</p>}
      <ul className="attachment-list">
        {networks.map((network) => {
          const checkboxId = `service-network-${network.id}`;
          return (
            <li key={network.id} className="attachment">
              <div className="checkbox-field">
                <input
                  id={checkboxId}
                  type="checkbox"
                  checked={chosen.includes(network.name)}
                  onChange={(event) => onToggle(network.name, event.target.checked)}
                />
                <label htmlFor={checkboxId}>
                  <span className="mono">{network.name}</span>{' '}
                  <span className="subtle">{networkSummary(network)}</span>
                </label>
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
