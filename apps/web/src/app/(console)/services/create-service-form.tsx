'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ServiceView } from '@switchyard/contracts';
import { FormError } from '../../../components/form/form-error';
import { ImageField } from '../../../components/form/image-field';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { useTRPC } from '../../../lib/trpc/react';
import { HealthCheckFields } from './health-check-fields';
import {
  emptyServiceDraft,
  serviceFields,
  serviceNetworks,
  shownServiceFieldPaths,
  toServiceSpecInput,
  validateServiceDraft,
  type HealthCheckDraft,
  type ServiceDraft,
} from './service-draft';
import { servicePortsPreview } from './service-ports';
import { ServiceNetworksFields } from './service-networks-fields';

const formId = 'service-form';
const modeChoices = [
  { value: 'replicated', label: 'Replicated: a number of tasks' },
  { value: 'global', label: 'Global: one task on every host' },
];
const publishModeChoices = [
  { value: 'ingress', label: 'ingress: every host (routing mesh)' },
  { value: 'host', label: 'host: only where a task runs' },
];
const endpointModeChoices = [
  { value: 'vip', label: 'vip: one virtual IP, balanced' },
  { value: 'dnsrr', label: 'dnsrr: DNS round robin over tasks' },
];

const isMode = (value: string): value is ServiceDraft['mode'] => value === 'replicated' || value === 'global';
const isPublishMode = (value: string): value is ServiceDraft['publishMode'] =>
  value === 'ingress' || value === 'host';
const isEndpointMode = (value: string): value is ServiceDraft['endpointMode'] =>
  value === 'vip' || value === 'dnsrr';

/** `docker service create`, checked against the contracts' schema as the operator types. */
export function CreateServiceForm({ onCreated }: { onCreated: (service: ServiceView) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const networks = useQuery(trpc.networks.list.queryOptions());
  const images = useQuery(trpc.images.list.queryOptions());
  const create = useMutation(
    trpc.services.create.mutationOptions({
      onSuccess: (service) => {
        void queryClient.invalidateQueries(trpc.services.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
        form.reset();
        onCreated(service);
      },
    }),
  );
  const form = useDraftForm({
    formId,
    label: 'Create service',
    initial: () => emptyServiceDraft,
    check: validateServiceDraft,
    fieldPaths: shownServiceFieldPaths,
    mutation: create,
    toInput: toServiceSpecInput,
  });
  const { draft } = form;

  function updateHealth(path: string, patch: Partial<HealthCheckDraft>): void {
    form.setDraft((previous) => ({ ...previous, healthCheck: { ...previous.healthCheck, ...patch } }));
    form.edited(path);
  }

  function toggleNetwork(network: string, attached: boolean): void {
    form.setDraft((previous) => ({
      ...previous,
      networks: attached
        ? [...previous.networks, network]
        : previous.networks.filter((name) => name !== network),
    }));
    form.edited(serviceFields.networks);
  }

  return (
    <form className="form create-form" {...form.formProps}>
      <div className="form-grid">
        <TextField
          {...form.text(serviceFields.name, 'name')}
          label="Name"
          hint="Its DNS name on its networks"
          placeholder="e.g. web"
          kind="identifier"
        />
        <ImageField
          choice={form.text(serviceFields.image, 'imageChoice')}
          other={form.text(serviceFields.image, 'otherImage')}
          images={images.data ?? []}
        />
        <SelectField
          {...form.choice(serviceFields.mode, 'mode', isMode)}
          label="Mode"
          choices={modeChoices}
        />
        {draft.mode === 'replicated' && (
          <TextField
            {...form.text(serviceFields.replicas, 'replicas')}
            label="Replicas"
            hint="Spread across the ready hosts"
            kind="number"
          />
        )}
      </div>
      <ServiceNetworksFields
        networks={serviceNetworks(networks.data ?? [])}
        chosen={draft.networks}
        fields={form.fields}
        onToggle={toggleNetwork}
      />
      <fieldset className="fieldset">
        <legend>Endpoint</legend>
        <div className="form-grid">
          <TextField
            {...form.text(serviceFields.ports, 'ports')}
            label="Published ports"
            hint={servicePortsPreview(draft.ports, draft.publishMode)}
            placeholder="e.g. 8080:80"
            kind="code"
          />
          <SelectField
            {...form.choice(serviceFields.ports, 'publishMode', isPublishMode)}
            id={`${formId}-publish-mode`}
            error={null}
            label="Publish mode"
            choices={publishModeChoices}
          />
          <SelectField
            {...form.choice(serviceFields.endpointMode, 'endpointMode', isEndpointMode)}
            label="Endpoint mode"
            choices={endpointModeChoices}
          />
        </div>
      </fieldset>
      <HealthCheckFields draft={draft.healthCheck} fields={form.fields} onChange={updateHealth} />
      <fieldset className="fieldset">
        <legend>Placement and metadata</legend>
        <div className="form-grid">
          <TextField
            {...form.text(serviceFields.constraints, 'constraints')}
            label="Placement constraints"
            hint="Comma separated: node.hostname==host1, node.labels.zone==east"
            kind="code"
          />
          <TextField
            {...form.text(serviceFields.env, 'env')}
            label="Environment"
            hint="Optional: KEY=value, separated by spaces or commas"
            kind="code"
          />
          <TextField
            {...form.text(serviceFields.labels, 'labels')}
            label="Labels"
            hint="Optional: key=value"
            kind="code"
          />
        </div>
      </fieldset>
      <FormError {...form.refusal} />
      <div>
        <SubmitButton label="Create service" pendingLabel="Creating…" pending={form.pending} />
      </div>
    </form>
  );
}
