import { SelectField } from '../../../components/form/select-field';
import { TextField } from '../../../components/form/text-field';
import type { DraftForm } from '../../../components/form/use-draft-form';
import { macvlanModes, type MacvlanMode } from '../../../lib/inventory/driver-options';
import { networkFields, type NetworkDraft } from './network-draft';

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
export function MacvlanOptionsFields({ form }: { form: DraftForm<NetworkDraft> }) {
  return (
    <fieldset className="fieldset">
      <legend>Macvlan options</legend>
      <div className="form-grid">
        <TextField
          {...form.text(networkFields.parent, 'parent')}
          label="Parent interface"
          hint="The host's underlay link; eth0.10 creates a VLAN sub-interface (needs 802.1Q)"
          placeholder="e.g. eth0"
          required
          kind="code"
        />
        <SelectField
          {...form.choice(networkFields.macvlanMode, 'macvlanMode', isMacvlanMode)}
          label="Mode"
          choices={modeChoices}
          hint={modeHints[form.draft.macvlanMode]}
        />
      </div>
    </fieldset>
  );
}
