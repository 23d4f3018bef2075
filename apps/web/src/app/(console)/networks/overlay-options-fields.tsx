import { CheckboxField } from '../../../components/form/checkbox-field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { networkFields, type NetworkDraft } from './network-draft';

type OverlayOptionKey = 'mtu' | 'encrypted';

/** `-o com.docker.network.driver.mtu` and `-o encrypted`; the VNI is the control plane's to allocate. */
export function OverlayOptionsFields({
  draft,
  fields,
  onChange,
}: {
  draft: NetworkDraft;
  fields: FieldErrors;
  onChange: <Key extends OverlayOptionKey>(key: Key, value: NetworkDraft[Key]) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>Overlay options</legend>
      <div className="form-grid">
        <TextField
          id={fields.id(networkFields.mtu)}
          label="MTU"
          value={draft.mtu}
          onChange={(value) => onChange('mtu', value)}
          error={fields.errorFor(networkFields.mtu)}
          hint="Optional: 1450 otherwise, leaving room for the VXLAN header"
          placeholder="1450"
          inputMode="numeric"
          mono
          autoComplete="off"
        />
      </div>
      <CheckboxField
        id={fields.id(networkFields.encrypted)}
        label="Encrypted"
        checked={draft.encrypted}
        onChange={(checked) => onChange('encrypted', checked)}
        error={fields.errorFor(networkFields.encrypted)}
        hint="IPsec between hosts; refused on nodes without it, never created unencrypted"
      />
    </fieldset>
  );
}
