import { CheckboxField } from '../../../components/form/checkbox-field';
import { TextField } from '../../../components/form/text-field';
import type { DraftForm } from '../../../components/form/use-draft-form';
import { MtuField } from './mtu-field';
import { networkFields, type NetworkDraft } from './network-draft';

/** The `com.docker.network.*` driver options, under the names the docker CLI documents. */
export function BridgeOptionsFields({ form }: { form: DraftForm<NetworkDraft> }) {
  return (
    <fieldset className="fieldset">
      <legend>Bridge options</legend>
      <div className="form-grid">
        <TextField
          {...form.text(networkFields.bridgeName, 'bridgeName')}
          label="Bridge name"
          hint="Optional: br-<id> otherwise"
          placeholder="e.g. br-backend"
          kind="code"
        />
        <TextField
          {...form.text(networkFields.hostBindingIpv4, 'hostBindingIpv4')}
          label="Host binding IPv4"
          hint="Default address for published ports: 0.0.0.0"
          kind="code"
        />
        <MtuField form={form} standard={1500} />
      </div>
      <CheckboxField
        {...form.flag(networkFields.enableIcc, 'enableIcc')}
        label="Inter-container communication (ICC)"
        hint="Off: containers on this network cannot reach each other"
      />
      <CheckboxField
        {...form.flag(networkFields.enableIpMasquerade, 'enableIpMasquerade')}
        label="IP masquerade"
        hint="Off: egress leaves with the container's own address"
      />
    </fieldset>
  );
}
