'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContainerView } from '@switchyard/contracts';
import { useState } from 'react';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { FormError } from '../../../components/form/form-error';
import { ImageField } from '../../../components/form/image-field';
import { nodeChoices } from '../../../components/form/node-choices';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { formatPublishedPort } from '../../../lib/inventory/format';
import { useTRPC } from '../../../lib/trpc/react';
import {
  attachmentField,
  containerFieldPaths,
  containerFields,
  emptyContainerDraft,
  joinableNetworks,
  parsePorts,
  restartPolicyNames,
  toContainerCreateInput,
  validateContainerDraft,
  type RestartPolicyName,
} from './container-draft';
import { NetworkAttachmentsFields } from './network-attachments-fields';

const formId = 'container-form';
const restartChoices = restartPolicyNames.map((name) => ({ value: name, label: name }));

function isRestartPolicyName(value: string): value is RestartPolicyName {
  return restartChoices.some((choice) => choice.value === value);
}

/** What the typed ports publish, as `docker ps` will show them, so the short form's meaning is visible. */
function portsPreview(text: string): string {
  const { bindings, error } = parsePorts(text);
  if (error || bindings.length === 0)
    return 'Docker short forms, e.g. 8080:80, 127.0.0.1:8443:443, 53:53/udp';
  return bindings
    .map((binding) =>
      formatPublishedPort({
        hostIp: binding.hostIp ?? '0.0.0.0',
        hostPort: binding.hostPort ?? 0,
        containerPort: binding.containerPort,
        protocol: binding.protocol,
      }).replace(/:0->/, ':(any)->'),
    )
    .join(', ');
}

export function CreateContainerForm({
  onCreated,
}: {
  onCreated: (container: ContainerView, options: { start: boolean }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const networks = useQuery(trpc.networks.list.queryOptions());
  const nodes = useQuery(trpc.nodes.list.queryOptions());
  const images = useQuery(trpc.images.list.queryOptions());
  const [startAfterCreate, setStartAfterCreate] = useState(true);

  const create = useMutation(
    trpc.containers.create.mutationOptions({
      onSuccess: (container) => {
        void queryClient.invalidateQueries(trpc.containers.pathFilter());
        void queryClient.invalidateQueries(trpc.networks.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
        form.reset();
        onCreated(container, { start: startAfterCreate });
      },
    }),
  );
  const networkList = joinableNetworks(networks.data ?? []);
  const form = useDraftForm({
    formId,
    label: 'Create container',
    initial: () => emptyContainerDraft,
    check: (draft) => validateContainerDraft(draft, networkList),
    fieldPaths: containerFieldPaths,
    mutation: create,
    toInput: toContainerCreateInput,
  });
  const { draft } = form;

  function toggleNetwork(network: string, attached: boolean): void {
    form.setDraft((previous) => ({
      ...previous,
      networks: attached
        ? [...previous.networks, { network, aliases: '', ipv4Address: '' }]
        : previous.networks.filter((attachment) => attachment.network !== network),
    }));
    form.edited(containerFields.networks);
  }

  function updateAttachment(index: number, part: 'aliases' | 'ipv4Address', value: string): void {
    form.setDraft((previous) => ({
      ...previous,
      networks: previous.networks.map((attachment, at) =>
        at === index ? { ...attachment, [part]: value } : attachment,
      ),
    }));
    form.edited(attachmentField(index, part));
  }

  return (
    <form className="form create-form" {...form.formProps}>
      <div className="form-grid">
        <ImageField
          choice={form.text(containerFields.image, 'imageChoice')}
          other={form.text(containerFields.image, 'otherImage')}
          images={images.data ?? []}
        />
        <TextField
          {...form.text(containerFields.name, 'name')}
          label="Name"
          hint="Optional: a generated name otherwise"
          placeholder="e.g. web"
          kind="identifier"
        />
        <TextField
          {...form.text(containerFields.hostname, 'hostname')}
          label="Hostname"
          hint="Optional: the short id otherwise"
          kind="identifier"
        />
        <SelectField
          {...form.text(containerFields.node, 'nodeName')}
          label="Host"
          choices={nodeChoices(nodes.data ?? [], 'Automatic')}
          hint="Optional: an overlay spans hosts, so pick where the container runs"
        />
      </div>
      <NetworkAttachmentsFields
        networks={networkList}
        attachments={draft.networks}
        fields={form.fields}
        onToggle={toggleNetwork}
        onChange={updateAttachment}
      />
      <fieldset className="fieldset">
        <legend>Ports</legend>
        <div className="form-grid">
          <TextField
            {...form.text(containerFields.ports, 'ports')}
            label="Published ports"
            hint={portsPreview(draft.ports)}
            placeholder="e.g. 8080:80"
            kind="code"
          />
          <TextField
            {...form.text(containerFields.expose, 'expose')}
            label="Exposed ports"
            hint="For publish all: 80, 53/udp, 8000-8010"
            placeholder="e.g. 80"
            kind="code"
          />
        </div>
        <CheckboxField
          {...form.flag(containerFields.publishAll, 'publishAll')}
          label="Publish all exposed ports (-P)"
          hint="Each to a free port on the host"
        />
      </fieldset>
      <div className="form-grid">
        <SelectField
          {...form.choice(containerFields.restartPolicy, 'restartPolicy', isRestartPolicyName)}
          label="Restart policy"
          choices={restartChoices}
        />
        {draft.restartPolicy === 'on-failure' && (
          <TextField
            {...form.text(containerFields.maximumRetryCount, 'maximumRetryCount')}
            label="Maximum retries"
            hint="Empty or 0: no limit"
            kind="number"
          />
        )}
        <TextField
          {...form.text(containerFields.dns, 'dns')}
          label="DNS servers"
          hint="Optional: the embedded DNS and the host's servers otherwise"
          placeholder="e.g. 1.1.1.1"
          kind="code"
        />
        <TextField
          {...form.text(containerFields.dnsSearch, 'dnsSearch')}
          label="DNS search domains"
          placeholder="e.g. example.internal"
          kind="code"
        />
      </div>
      <CheckboxField
        id={`${formId}-start`}
        label="Start after creating"
        checked={startAfterCreate}
        onChange={setStartAfterCreate}
      />
      <FormError {...form.refusal} />
      <div>
        <SubmitButton label="Create container" pendingLabel="Creating…" pending={form.pending} />
      </div>
    </form>
  );
}
