import { SelectField } from '../../../components/form/select-field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { macvlanModes, type MacvlanMode } from '../../../lib/inventory/driver-options';
import { networkFields, type NetworkDraft } from './network-draft';

type MacvlanOptionKey = 'parent' | 'macvlanMode';

const modeChoices = macvlanModes.map((mode) => ({ value: mode, label: mode }));

const modeHints: Record<MacvlanMode, string> = {
  bridge: 'Siblings on this parent talk to each other directly',
  private: 'Siblings on this parent cannot talk to each other',
  vepa: 'Sibling traffic goes out to the switch and back (needs a hairpin port)',
  passthru: 'One container owns the parent: a second is refused',
};

function isMacvlanMode(value: string): value is MacvlanMode {
  return modeChoices.some((choice) => choice.value === value);
}

/** `-o parent=` and `-o macvlan_mode=`: the host interface the children hang off, and how siblings meet. */
export function MacvlanOptionsFields({
  draft,
  fields,
  onChange,
}: {
  draft: NetworkDraft;
  fields: FieldErrors;
  onChange: <Key extends MacvlanOptionKey>(key: Key, value: NetworkDraft[Key]) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>Macvlan options</legend>
      <div className="form-grid">
        <TextField
          id={fields.id(networkFields.parent)}
          label="Parent interface"
          value={draft.parent}
          onChange={(value) => onChange('parent', value)}
          error={fields.errorFor(networkFields.parent)}
          hint="The host's underlay link; eth0.10 creates a VLAN sub-interface (needs 802.1Q)"
          placeholder="eth0"
          required
          mono
          spellCheck={false}
          autoComplete="off"
        />
        <SelectField
          id={fields.id(networkFields.macvlanMode)}
          label="Mode"
          value={draft.macvlanMode}
          choices={modeChoices}
          onChange={(value) => isMacvlanMode(value) && onChange('macvlanMode', value)}
          error={fields.errorFor(networkFields.macvlanMode)}
          hint={modeHints[draft.macvlanMode]}
        />
      </div>
    </fieldset>
  );
}
