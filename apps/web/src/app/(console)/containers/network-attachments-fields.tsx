import type { NetworkView } from '@switchyard/contracts';
import { spansHosts } from '../../../lib/inventory/network-span';
import { FieldMessage } from '../../../components/form/field-message';
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
  const groupError = fields.errorFor(containerFields.networks);
  const messageId = `${fields.id(containerFields.networks)}-message`;
  return (
    <fieldset
      className="fieldset"
      id={fields.id(containerFields.networks)}
      tabIndex={-1}
      aria-invalid={groupError ? true : undefined}
      aria-describedby={messageId}
    >
      <legend>Networks</legend>
      <FieldMessage
        id={messageId}
        error={groupError}
        hint="None ticked: the default bridge network. The container runs on its local networks' host; an overlay reaches every host."
      />
      {networks.length === 0 && <p className="muted">Loading networks…</p>}
      <ul className="attachment-list">
        {networks.map((network) => {
          const index = attachments.findIndex((attachment) => attachment.network === network.name);
          const attachment = attachments[index];
          const checkboxId = `attach-${network.id}`;
          return (
            <li key={network.id} className="attachment">
              <div className="checkbox-field">
                <input
                  id={checkboxId}
                  type="checkbox"
                  checked={attachment !== undefined}
                  onChange={(event) => onToggle(network.name, event.target.checked)}
                />
                <label htmlFor={checkboxId}>
                  <span className="mono">{network.name}</span>{' '}
                  <span className="subtle">{networkSummary(network)}</span>
                </label>
              </div>
              {attachment && (
                <div className="attachment-options" role="group" aria-label={`Options on ${network.name}`}>
                  <TextField
                    id={fields.id(attachmentField(index, 'aliases'))}
                    label={`Aliases on ${network.name}`}
                    value={attachment.aliases}
                    onChange={(value) => onChange(index, 'aliases', value)}
                    error={fields.errorFor(attachmentField(index, 'aliases'))}
                    placeholder="web, api"
                    mono
                    spellCheck={false}
                    autoComplete="off"
                  />
                  <TextField
                    id={fields.id(attachmentField(index, 'ipv4Address'))}
                    label={`IPv4 address on ${network.name}`}
                    value={attachment.ipv4Address}
                    onChange={(value) => onChange(index, 'ipv4Address', value)}
                    error={fields.errorFor(attachmentField(index, 'ipv4Address'))}
                    hint="Optional: the next free address otherwise"
                    placeholder={network.ipam[0]?.gateway ?? ''}
                    mono
                    spellCheck={false}
                    autoComplete="off"
                  />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
