import { CheckboxField } from '../../../components/form/checkbox-field';
import type { DraftForm } from '../../../components/form/use-draft-form';
import { MtuField } from './mtu-field';
import { networkFields, type NetworkDraft } from './network-draft';

/** `-o com.docker.network.driver.mtu` and `-o encrypted`; the VNI is the control plane's to allocate. */
export function OverlayOptionsFields({ form }: { form: DraftForm<NetworkDraft> }) {
  return (
    <fieldset className="fieldset">
      <legend>Overlay options</legend>
      <div className="form-grid">
        <MtuField form={form} standard={1450} why="leaving room for the VXLAN header" />
      </div>
      <CheckboxField
        {...form.flag(networkFields.encrypted, 'encrypted')}
        label="Encrypted"
        hint="IPsec between hosts; refused on nodes without it, never created unencrypted"
      />
    </fieldset>
  );
}
