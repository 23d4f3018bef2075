'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { networkDriverSchema, type NetworkDriver, type NetworkView } from '@switchyard/contracts';
import { useState } from 'react';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { FormError } from '../../../components/form/form-error';
import { nodeChoices } from '../../../components/form/node-choices';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { useTRPC } from '../../../lib/trpc/react';
import { BridgeOptionsFields } from './bridge-options-fields';
import { IpamPoolsFields } from './ipam-pools-fields';
import { MacvlanOptionsFields } from './macvlan-options-fields';
import { driverChoices, driverForms } from './network-drivers';
import {
  emptyNetworkDraft,
  networkFieldPaths,
  networkFields,
  poolField,
  toNetworkCreateInput,
  validateNetworkDraft,
  type IpamPoolDraft,
} from './network-draft';
import { OverlayOptionsFields } from './overlay-options-fields';

const emptyPool = (key: number): IpamPoolDraft => ({
  key,
  subnet: '',
  ipRange: '',
  gateway: '',
  auxAddresses: '',
});

const formId = 'network-form';

export function CreateNetworkForm({ onCreated }: { onCreated: (network: NetworkView) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const nodes = useQuery(trpc.nodes.list.queryOptions());
  const create = useMutation(
    trpc.networks.create.mutationOptions({
      onSuccess: (network) => {
        void queryClient.invalidateQueries(trpc.networks.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
        form.reset();
        onCreated(network);
      },
    }),
  );
  const form = useDraftForm({
    formId,
    label: 'Create network',
    initial: () => emptyNetworkDraft,
    check: validateNetworkDraft,
    fieldPaths: networkFieldPaths,
    mutation: create,
    toInput: toNetworkCreateInput,
  });
  const { draft } = form;

  function updatePool(index: number, part: keyof Omit<IpamPoolDraft, 'key'>, value: string): void {
    form.setDraft((previous) => ({
      ...previous,
      pools: previous.pools.map((pool, at) => (at === index ? { ...pool, [part]: value } : pool)),
    }));
    form.edited(poolField(index, part));
  }

  // The subnet row the operator just added takes focus, so typing goes straight into it.
  const [addedPool, setAddedPool] = useState<number | null>(null);

  function addPool(): void {
    const key = Math.max(0, ...draft.pools.map((pool) => pool.key)) + 1;
    form.setDraft((previous) => ({ ...previous, pools: [...previous.pools, emptyPool(key)] }));
    setAddedPool(key);
  }

  function chooseDriver(driver: NetworkDriver): void {
    // Macvlan cannot do without the underlay's subnet: open its row rather than wait for an error.
    form.setDraft((previous) => ({
      ...previous,
      driver,
      pools:
        driverForms[driver].ipam === 'required' && previous.pools.length === 0
          ? [emptyPool(1)]
          : previous.pools,
    }));
    form.edited(networkFields.driver);
  }

  function removePool(index: number): void {
    form.setDraft((previous) => ({ ...previous, pools: previous.pools.filter((_, at) => at !== index) }));
  }

  const driverForm = driverForms[draft.driver];

  return (
    <form className="form create-form" {...form.formProps}>
      <div className="form-grid">
        <TextField
          {...form.text(networkFields.name, 'name')}
          label="Name"
          placeholder="e.g. backend"
          required
          kind="identifier"
        />
        <SelectField
          {...form.fields.at(networkFields.driver)}
          label="Driver"
          value={draft.driver}
          choices={driverChoices}
          onChange={(value) => {
            const driver = networkDriverSchema.safeParse(value);
            if (driver.success) chooseDriver(driver.data);
          }}
          hint={driverForm.hint}
        />
        {driverForm.pinnable && (
          <SelectField
            {...form.text(networkFields.node, 'nodeName')}
            label="Host"
            choices={nodeChoices(nodes.data ?? [], 'Least loaded (automatic)')}
            hint="A local network lives on one node; its containers run there"
          />
        )}
      </div>
      {driverForm.ipam !== 'none' && (
        <IpamPoolsFields
          pools={draft.pools}
          emptyHint={driverForm.poolHint}
          gatewayRequired={driverForm.ipam === 'required'}
          focusPool={addedPool}
          fields={form.fields}
          onChange={updatePool}
          onAdd={addPool}
          onRemove={removePool}
        />
      )}
      {draft.driver === 'bridge' && <BridgeOptionsFields form={form} />}
      {draft.driver === 'overlay' && <OverlayOptionsFields form={form} />}
      {draft.driver === 'macvlan' && <MacvlanOptionsFields form={form} />}
      <div className="checkbox-row">
        {driverForm.internal && (
          <CheckboxField
            {...form.flag(networkFields.internal, 'internal')}
            label="Internal"
            hint="No egress beyond the network"
          />
        )}
        <CheckboxField
          {...form.flag(networkFields.attachable, 'attachable')}
          label="Attachable"
          hint={draft.driver === 'overlay' ? 'Standalone containers may join, not only services' : undefined}
        />
      </div>
      <FormError {...form.refusal} />
      <div>
        <SubmitButton label="Create network" pendingLabel="Creating…" pending={form.pending} />
      </div>
    </form>
  );
}
