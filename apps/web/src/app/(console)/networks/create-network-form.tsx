'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { networkDriverSchema, type NetworkDriver, type NetworkView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { SelectField } from '../../../components/form/select-field';
import { TextField } from '../../../components/form/text-field';
import { useFieldErrors } from '../../../components/form/use-field-errors';
import { useTRPC } from '../../../lib/trpc/react';
import { BridgeOptionsFields } from './bridge-options-fields';
import { IpamPoolsFields } from './ipam-pools-fields';
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

const driverChoices: { value: NetworkDriver; label: string }[] = [
  { value: 'bridge', label: 'bridge' },
  { value: 'host', label: 'host' },
  { value: 'null', label: 'null' },
];

const driverHints: Record<NetworkDriver, string> = {
  bridge: 'A Linux bridge on one host, with its own subnet, NAT for egress and published ports',
  host: "Containers share the host's network stack: no addresses of their own",
  null: 'Loopback only: no connectivity',
};

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

  function addPool(): void {
    setDraft((previous) => ({
      ...previous,
      pools: [
        ...previous.pools,
        {
          key: Math.max(0, ...previous.pools.map((pool) => pool.key)) + 1,
          subnet: '',
          ipRange: '',
          gateway: '',
          auxAddresses: '',
        },
      ],
    }));
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
  const bridge = draft.driver === 'bridge';
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
            if (driver.success) update(networkFields.driver, 'driver', driver.data);
          }}
          error={fields.errorFor(networkFields.driver)}
          hint={driverHints[draft.driver]}
        />
        <SelectField
          id={fields.id(networkFields.node)}
          label="Host"
          value={draft.nodeName}
          choices={nodeChoices}
          onChange={(value) => update(networkFields.node, 'nodeName', value)}
          error={fields.errorFor(networkFields.node)}
          hint="A local network lives on one node; its containers run there"
        />
      </div>
      {bridge && (
        <IpamPoolsFields
          pools={draft.pools}
          fields={fields}
          onChange={updatePool}
          onAdd={addPool}
          onRemove={removePool}
        />
      )}
      {bridge && (
        <BridgeOptionsFields
          draft={draft}
          fields={fields}
          onChange={(key, value) => update(networkFields[key], key, value)}
        />
      )}
      <div className="checkbox-row">
        {bridge && (
          <CheckboxField
            id={fields.id(networkFields.internal)}
            label="Internal"
            checked={draft.internal}
            onChange={(checked) => update(networkFields.internal, 'internal', checked)}
            hint="No egress beyond the network"
          />
        )}
        <CheckboxField
          id={fields.id(networkFields.attachable)}
          label="Attachable"
          checked={draft.attachable}
          onChange={(checked) => update(networkFields.attachable, 'attachable', checked)}
        />
      </div>
      {fields.formError && (
        <p id={formErrorId} className="form-error" role="alert">
          {fields.formError}
        </p>
      )}
      <div>
        <button className="button primary" type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create network'}
        </button>
      </div>
    </form>
  );
}
