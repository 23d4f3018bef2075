'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { builtinImages, type ServiceView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useFieldErrors } from '../../../components/form/use-field-errors';
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
const imageChoices = builtinImages.map((image) => ({ value: image, label: image }));
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

const isImage = (value: string): value is ServiceDraft['image'] =>
  imageChoices.some((choice) => choice.value === value);
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
  const [draft, setDraft] = useState<ServiceDraft>(emptyServiceDraft);

  const create = useMutation(
    trpc.services.create.mutationOptions({
      onSuccess: (service) => {
        void queryClient.invalidateQueries(trpc.services.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
        setDraft(emptyServiceDraft);
        fields.clear();
        onCreated(service);
      },
      onError: (error) => fields.focusServerField(error),
    }),
  );
  const fields = useFieldErrors(
    formId,
    validateServiceDraft(draft),
    shownServiceFieldPaths(draft),
    create.error,
  );

  function edited(path: string): void {
    fields.touch(path);
    if (fields.serverPath === path) create.reset();
  }

  function update<Key extends keyof ServiceDraft>(path: string, key: Key, value: ServiceDraft[Key]): void {
    setDraft((previous) => ({ ...previous, [key]: value }));
    edited(path);
  }

  function updateHealth(path: string, patch: Partial<HealthCheckDraft>): void {
    setDraft((previous) => ({ ...previous, healthCheck: { ...previous.healthCheck, ...patch } }));
    edited(path);
  }

  function toggleNetwork(network: string, attached: boolean): void {
    setDraft((previous) => ({
      ...previous,
      networks: attached
        ? [...previous.networks, network]
        : previous.networks.filter((name) => name !== network),
    }));
    edited(serviceFields.networks);
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fields.checkBeforeSubmit()) create.mutate(toServiceSpecInput(draft));
  }

  const formErrorId = `${formId}-error`;
  return (
    <form
      className="form create-form"
      onSubmit={submit}
      noValidate
      aria-label="Create service"
      aria-describedby={fields.formError ? formErrorId : undefined}
    >
      <div className="form-grid">
        <TextField
          id={fields.id(serviceFields.name)}
          label="Name"
          value={draft.name}
          onChange={(value) => update(serviceFields.name, 'name', value)}
          error={fields.errorFor(serviceFields.name)}
          hint="Its DNS name on its networks"
          placeholder="web"
          spellCheck={false}
          autoComplete="off"
        />
        <SelectField
          id={fields.id(serviceFields.image)}
          label="Image"
          value={draft.image}
          choices={imageChoices}
          onChange={(value) => isImage(value) && update(serviceFields.image, 'image', value)}
          error={fields.errorFor(serviceFields.image)}
        />
        <SelectField
          id={fields.id(serviceFields.mode)}
          label="Mode"
          value={draft.mode}
          choices={modeChoices}
          onChange={(value) => isMode(value) && update(serviceFields.mode, 'mode', value)}
          error={fields.errorFor(serviceFields.mode)}
        />
        {draft.mode === 'replicated' && (
          <TextField
            id={fields.id(serviceFields.replicas)}
            label="Replicas"
            value={draft.replicas}
            onChange={(value) => update(serviceFields.replicas, 'replicas', value)}
            error={fields.errorFor(serviceFields.replicas)}
            hint="Spread across the ready hosts"
            inputMode="numeric"
            autoComplete="off"
          />
        )}
      </div>
      <ServiceNetworksFields
        networks={serviceNetworks(networks.data ?? [])}
        chosen={draft.networks}
        fields={fields}
        onToggle={toggleNetwork}
      />
      <fieldset className="fieldset">
        <legend>Endpoint</legend>
        <div className="form-grid">
          <TextField
            id={fields.id(serviceFields.ports)}
            label="Published ports"
            value={draft.ports}
            onChange={(value) => update(serviceFields.ports, 'ports', value)}
            error={fields.errorFor(serviceFields.ports)}
            hint={servicePortsPreview(draft.ports, draft.publishMode)}
            placeholder="8080:80"
            mono
            spellCheck={false}
            autoComplete="off"
          />
          <SelectField
            id={`${formId}-publish-mode`}
            label="Publish mode"
            value={draft.publishMode}
            choices={publishModeChoices}
            onChange={(value) => isPublishMode(value) && update(serviceFields.ports, 'publishMode', value)}
            error={null}
          />
          <SelectField
            id={fields.id(serviceFields.endpointMode)}
            label="Endpoint mode"
            value={draft.endpointMode}
            choices={endpointModeChoices}
            onChange={(value) =>
              isEndpointMode(value) && update(serviceFields.endpointMode, 'endpointMode', value)
            }
            error={fields.errorFor(serviceFields.endpointMode)}
          />
        </div>
      </fieldset>
      <HealthCheckFields draft={draft.healthCheck} fields={fields} onChange={updateHealth} />
      <fieldset className="fieldset">
        <legend>Placement and metadata</legend>
        <div className="form-grid">
          <TextField
            id={fields.id(serviceFields.constraints)}
            label="Placement constraints"
            value={draft.constraints}
            onChange={(value) => update(serviceFields.constraints, 'constraints', value)}
            error={fields.errorFor(serviceFields.constraints)}
            hint="Comma separated: node.hostname==host1, node.labels.zone==east"
            mono
            spellCheck={false}
            autoComplete="off"
          />
          <TextField
            id={fields.id(serviceFields.env)}
            label="Environment"
            value={draft.env}
            onChange={(value) => update(serviceFields.env, 'env', value)}
            error={fields.errorFor(serviceFields.env)}
            hint="Optional: KEY=value, separated by spaces or commas"
            mono
            spellCheck={false}
            autoComplete="off"
          />
          <TextField
            id={fields.id(serviceFields.labels)}
            label="Labels"
            value={draft.labels}
            onChange={(value) => update(serviceFields.labels, 'labels', value)}
            error={fields.errorFor(serviceFields.labels)}
            hint="Optional: key=value"
            mono
            spellCheck={false}
            autoComplete="off"
          />
        </div>
      </fieldset>
      <FormError id={formErrorId} message={fields.formError} />
      <div>
        <SubmitButton label="Create service" pendingLabel="Creating…" pending={create.isPending} />
      </div>
    </form>
  );
}
