'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { networkDriverSchema, type NetworkDriver, type NetworkView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useFieldErrors } from '../../../components/form/use-field-errors';
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
  type NetworkDraft,
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
  const [draft, setDraft] = useState<NetworkDraft>(emptyNetworkDraft);
  const create = useMutation(
    trpc.networks.create.mutationOptions({
      onSuccess: (network) => {
        void queryClient.invalidateQueries(trpc.networks.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
        setDraft(emptyNetworkDraft);
        fields.clear();
        onCreated(network);
      },
      onError: (error) => fields.focusServerField(error),
    }),
  );
  const fields = useFieldErrors(formId, validateNetworkDraft(draft), networkFieldPaths(draft), create.error);

  function edited(path: string): void {
    fields.touch(path);
    // The server's refusal was about the old value: it goes once the field changes.
    if (fields.serverPath === path) create.reset();
  }

  function update<Key extends keyof NetworkDraft>(path: string, key: Key, value: NetworkDraft[Key]): void {
    setDraft((previous) => ({ ...previous, [key]: value }));
    edited(path);
  }

  function updatePool(index: number, part: keyof Omit<IpamPoolDraft, 'key'>, value: string): void {
    setDraft((previous) => ({
      ...previous,
      pools: previous.pools.map((pool, at) => (at === index ? { ...pool, [part]: value } : pool)),
    }));
    edited(poolField(index, part));
  }

  // The subnet row the operator just added takes focus, so typing goes straight into it.
  const [addedPool, setAddedPool] = useState<number | null>(null);

  function addPool(): void {
    const key = Math.max(0, ...draft.pools.map((pool) => pool.key)) + 1;
    setDraft((previous) => ({ ...previous, pools: [...previous.pools, emptyPool(key)] }));
    setAddedPool(key);
  }

  function chooseDriver(driver: NetworkDriver): void {
    // Macvlan cannot do without the underlay's subnet: open its row rather than wait for an error.
    setDraft((previous) => ({
      ...previous,
      driver,
      pools:
        driverForms[driver].ipam === 'required' && previous.pools.length === 0
          ? [emptyPool(1)]
          : previous.pools,
    }));
    edited(networkFields.driver);
  }

  function removePool(index: number): void {
    setDraft((previous) => ({ ...previous, pools: previous.pools.filter((_, at) => at !== index) }));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fields.checkBeforeSubmit()) create.mutate(toNetworkCreateInput(draft));
  }

  const nodeChoices = [
    { value: '', label: 'Least loaded (automatic)' },
    ...(nodes.data ?? [])
      .toSorted((a, b) => a.name.localeCompare(b.name))
      .map((node) => ({
        value: node.name,
        label: node.status === 'ready' ? node.name : `${node.name} (down)`,
      })),
  ];
  const form = driverForms[draft.driver];
  const formErrorId = `${formId}-error`;

  return (
    <form
      className="form create-form"
      onSubmit={submit}
      noValidate
      aria-label="Create network"
      aria-describedby={fields.formError ? formErrorId : undefined}
    >
      <div className="form-grid">
        <TextField
          id={fields.id(networkFields.name)}
          label="Name"
          value={draft.name}
          onChange={(value) => update(networkFields.name, 'name', value)}
          error={fields.errorFor(networkFields.name)}
          placeholder="backend"
          required
          spellCheck={false}
          autoComplete="off"
        />
        <SelectField
          id={fields.id(networkFields.driver)}
          label="Driver"
          value={draft.driver}
          choices={driverChoices}
          onChange={(value) => {
            const driver = networkDriverSchema.safeParse(value);
            if (driver.success) chooseDriver(driver.data);
          }}
          error={fields.errorFor(networkFields.driver)}
          hint={form.hint}
        />
        {form.pinnable && (
          <SelectField
            id={fields.id(networkFields.node)}
            label="Host"
            value={draft.nodeName}
            choices={nodeChoices}
            onChange={(value) => update(networkFields.node, 'nodeName', value)}
            error={fields.errorFor(networkFields.node)}
            hint="A local network lives on one node; its containers run there"
          />
        )}
      </div>
      {form.ipam !== 'none' && (
        <IpamPoolsFields
          pools={draft.pools}
          emptyHint={form.poolHint}
          gatewayRequired={form.ipam === 'required'}
          focusPool={addedPool}
          fields={fields}
          onChange={updatePool}
          onAdd={addPool}
          onRemove={removePool}
        />
      )}
      {draft.driver === 'bridge' && (
        <BridgeOptionsFields
          draft={draft}
          fields={fields}
          onChange={(key, value) => update(networkFields[key], key, value)}
        />
      )}
      {draft.driver === 'overlay' && (
        <OverlayOptionsFields
          draft={draft}
          fields={fields}
          onChange={(key, value) => update(networkFields[key], key, value)}
        />
      )}
      {draft.driver === 'macvlan' && (
        <MacvlanOptionsFields
          draft={draft}
          fields={fields}
          onChange={(key, value) => update(networkFields[key], key, value)}
        />
      )}
      <div className="checkbox-row">
        {form.internal && (
          <CheckboxField
            id={fields.id(networkFields.internal)}
            label="Internal"
            checked={draft.internal}
            onChange={(checked) => update(networkFields.internal, 'internal', checked)}
            error={fields.errorFor(networkFields.internal)}
            hint="No egress beyond the network"
          />
        )}
        <CheckboxField
          id={fields.id(networkFields.attachable)}
          label="Attachable"
          checked={draft.attachable}
          onChange={(checked) => update(networkFields.attachable, 'attachable', checked)}
          error={fields.errorFor(networkFields.attachable)}
          hint={draft.driver === 'overlay' ? 'Standalone containers may join, not only services' : undefined}
        />
      </div>
      <FormError id={formErrorId} message={fields.formError} />
      <div>
        <SubmitButton label="Create network" pendingLabel="Creating…" pending={create.isPending} />
      </div>
    </form>
  );
}
