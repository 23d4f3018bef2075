import { TextField } from '../../../components/form/text-field';
import type { DraftForm } from '../../../components/form/use-draft-form';
import { networkFields, type NetworkDraft } from './network-draft';

/** `-o com.docker.network.driver.mtu`, which bridge and overlay read alike; only the default differs. */
export function MtuField({
  form,
  standard,
  why,
}: {
  form: DraftForm<NetworkDraft>;
  standard: number;
  why?: string;
}) {
  return (
    <TextField
      {...form.text(networkFields.mtu, 'mtu')}
      label="MTU"
      hint={`Optional: ${standard} otherwise${why ? `, ${why}` : ''}`}
      kind="number"
      mono
    />
  );
}
