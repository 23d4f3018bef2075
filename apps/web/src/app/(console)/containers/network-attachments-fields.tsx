import type { NetworkView } from '@switchyard/contracts';
import { spansHosts } from '../../../lib/inventory/network-span';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { FieldGroup } from '../../../components/form/field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { attachmentField, containerFields, type ContainerNetworkDraft } from './container-draft';

/** Driver, host and subnets: enough to pick the right network when names look alike. */
function networkSummary(network: NetworkView): string {
  const where = network.nodeName ?? (spansHosts(network) ? 'any host' : 'every node');
  return [network.driver, where, ...network.ipam.map((pool) => pool.subnet)].join(' · ');
}

/** `--network`, several times, each with its own `--network-alias` and `--ip`. */
export function NetworkAttachmentsFields({
  networks,
  attachments,
  fields,
  onToggle,
  onChange,
}: {
  networks: readonly NetworkView[];
  attachments: readonly ContainerNetworkDraft[];
  fields: FieldErrors;
  onToggle: (network: string, attached: boolean) => void;
  onChange: (index: number, part: 'aliases' | 'ipv4Address', value: string) => void;
}) {
  return (
    <FieldGroup
      {...fields.at(containerFields.networks)}
      legend="Networks"
      hint="None ticked: the default bridge network. The container runs on its local networks' host; an overlay reaches every host."
    >
      {networks.length === 0 && <p className="muted">Loading networks…</p>}
      <ul className="attachment-list">
        {networks.map((network) => {
          const index = attachments.findIndex((attachment) => attachment.network === network.name);
          const attachment = attachments[index];
          return (
            <li key={network.id} className="attachment">
              <CheckboxField
                id={`attach-${network.id}`}
                label={
                  <>
                    <span className="mono">{network.name}</span>{' '}
                    <span className="subtle">{networkSummary(network)}</span>
                  </>
                }
                checked={attachment !== undefined}
                onChange={(checked) => onToggle(network.name, checked)}
              />
              {attachment && (
                <div className="attachment-options" role="group" aria-label={`Options on ${network.name}`}>
                  <TextField
                    {...fields.at(attachmentField(index, 'aliases'))}
                    label={`Aliases on ${network.name}`}
                    value={attachment.aliases}
                    onChange={(value) => onChange(index, 'aliases', value)}
                    placeholder="e.g. web, api"
                    kind="code"
                  />
                  <TextField
                    {...fields.at(attachmentField(index, 'ipv4Address'))}
                    label={`IPv4 address on ${network.name}`}
                    value={attachment.ipv4Address}
                    onChange={(value) => onChange(index, 'ipv4Address', value)}
                    hint="Optional: the next free address otherwise"
                    kind="code"
                  />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </FieldGroup>
  );
}
