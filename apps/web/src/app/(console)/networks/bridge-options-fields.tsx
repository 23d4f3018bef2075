import { CheckboxField } from '../../../components/form/checkbox-field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { networkFields, type NetworkDraft } from './network-draft';

type BridgeOptionKey = 'bridgeName' | 'enableIcc' | 'enableIpMasquerade' | 'hostBindingIpv4' | 'mtu';

/** The `com.docker.network.*` driver options, under the names the docker CLI documents. */
export function BridgeOptionsFields({
  draft,
  fields,
  onChange,
}: {
  draft: NetworkDraft;
  fields: FieldErrors;
  onChange: <Key extends BridgeOptionKey>(key: Key, value: NetworkDraft[Key]) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>Bridge options</legend>
      <div className="form-grid">
        <TextField
          id={fields.id(networkFields.bridgeName)}
          label="Bridge name"
          value={draft.bridgeName}
          onChange={(value) => onChange('bridgeName', value)}
          error={fields.errorFor(networkFields.bridgeName)}
          hint="Optional: br-<id> otherwise"
          placeholder="br-e2e"
          mono
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          id={fields.id(networkFields.hostBindingIpv4)}
          label="Host binding IPv4"
          value={draft.hostBindingIpv4}
          onChange={(value) => onChange('hostBindingIpv4', value)}
          error={fields.errorFor(networkFields.hostBindingIpv4)}
          hint="Default address for published ports: 0.0.0.0"
          placeholder="0.0.0.0"
          mono
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          id={fields.id(networkFields.mtu)}
          label="MTU"
          value={draft.mtu}
          onChange={(value) => onChange('mtu', value)}
          error={fields.errorFor(networkFields.mtu)}
          hint="Optional: 1500 otherwise"
          placeholder="1500"
          inputMode="numeric"
          mono
          autoComplete="off"
        />
      </div>
      <CheckboxField
        id={fields.id(networkFields.enableIcc)}
        label="Inter-container communication (ICC)"
        checked={draft.enableIcc}
        onChange={(checked) => onChange('enableIcc', checked)}
        error={fields.errorFor(networkFields.enableIcc)}
        hint="Off: containers on this network cannot reach each other"
      />
      <CheckboxField
        id={fields.id(networkFields.enableIpMasquerade)}
        label="IP masquerade"
        checked={draft.enableIpMasquerade}
        onChange={(checked) => onChange('enableIpMasquerade', checked)}
        error={fields.errorFor(networkFields.enableIpMasquerade)}
        hint="Off: egress leaves with the container's own address"
      />
    </fieldset>
  );
}
