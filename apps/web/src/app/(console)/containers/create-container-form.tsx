'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { builtinImages, type ContainerView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useFieldErrors } from '../../../components/form/use-field-errors';
import { formatPublishedPort } from '../../../lib/inventory/format';
import { useTRPC } from '../../../lib/trpc/react';
import {
  attachmentField,
  containerFieldPaths,
  containerFields,
  emptyContainerDraft,
  joinableNetworks,
  otherImage,
  parsePorts,
  restartPolicyNames,
  toContainerCreateInput,
  validateContainerDraft,
  type ContainerDraft,
  type ImageChoice,
  type RestartPolicyName,
} from './container-draft';
import { NetworkAttachmentsFields } from './network-attachments-fields';

const formId = 'container-form';
const imageChoices = [
  ...builtinImages.map((image) => ({ value: image, label: image })),
  { value: otherImage, label: 'Other image…' },
];
const restartChoices = restartPolicyNames.map((name) => ({ value: name, label: name }));

function isImageChoice(value: string): value is ImageChoice {
  return imageChoices.some((choice) => choice.value === value);
}

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
  const [draft, setDraft] = useState<ContainerDraft>(emptyContainerDraft);
  const [startAfterCreate, setStartAfterCreate] = useState(true);

  const create = useMutation(
    trpc.containers.create.mutationOptions({
      onSuccess: (container) => {
        void queryClient.invalidateQueries(trpc.containers.pathFilter());
        void queryClient.invalidateQueries(trpc.networks.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
        setDraft(emptyContainerDraft);
        fields.clear();
        onCreated(container, { start: startAfterCreate });
      },
      onError: (error) => fields.focusServerField(error),
    }),
  );
  const networkList = joinableNetworks(networks.data ?? []);
  const fields = useFieldErrors(
    formId,
    validateContainerDraft(draft, networkList),
    containerFieldPaths(draft),
    create.error,
  );

  function edited(path: string): void {
    fields.touch(path);
    if (fields.serverPath === path) create.reset();
  }

  function update<Key extends keyof ContainerDraft>(
    path: string,
    key: Key,
    value: ContainerDraft[Key],
  ): void {
    setDraft((previous) => ({ ...previous, [key]: value }));
    edited(path);
  }

  function toggleNetwork(network: string, attached: boolean): void {
    setDraft((previous) => ({
      ...previous,
      networks: attached
        ? [...previous.networks, { network, aliases: '', ipv4Address: '' }]
        : previous.networks.filter((attachment) => attachment.network !== network),
    }));
    edited(containerFields.networks);
  }

  function updateAttachment(index: number, part: 'aliases' | 'ipv4Address', value: string): void {
    setDraft((previous) => ({
      ...previous,
      networks: previous.networks.map((attachment, at) =>
        at === index ? { ...attachment, [part]: value } : attachment,
      ),
    }));
    edited(attachmentField(index, part));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fields.checkBeforeSubmit()) create.mutate(toContainerCreateInput(draft));
  }

  const nodeChoices = [
    { value: '', label: 'Automatic' },
    ...(nodes.data ?? [])
      .toSorted((a, b) => a.name.localeCompare(b.name))
      .map((node) => ({
        value: node.name,
        label: node.status === 'ready' ? node.name : `${node.name} (down)`,
      })),
  ];
  const formErrorId = `${formId}-error`;
  return (
    <form
      className="form create-form"
      onSubmit={submit}
      noValidate
      aria-label="Create container"
      aria-describedby={fields.formError ? formErrorId : undefined}
    >
      <div className="form-grid">
        <SelectField
          id={fields.id(containerFields.image)}
          label="Image"
          value={draft.imageChoice}
          choices={imageChoices}
          onChange={(value) => isImageChoice(value) && update(containerFields.image, 'imageChoice', value)}
          error={draft.imageChoice === otherImage ? null : fields.errorFor(containerFields.image)}
          hint="The process runtime runs the built-in images"
        />
        {draft.imageChoice === otherImage && (
          <TextField
            id={`${fields.id(containerFields.image)}-other`}
            label="Other image"
            value={draft.otherImage}
            onChange={(value) => update(containerFields.image, 'otherImage', value)}
            error={fields.errorFor(containerFields.image)}
            placeholder="nginx:1.27"
            mono
            spellCheck={false}
            autoComplete="off"
          />
        )}
        <TextField
          id={fields.id(containerFields.name)}
          label="Name"
          value={draft.name}
          onChange={(value) => update(containerFields.name, 'name', value)}
          error={fields.errorFor(containerFields.name)}
          hint="Optional: a generated name otherwise"
          placeholder="web"
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          id={fields.id(containerFields.hostname)}
          label="Hostname"
          value={draft.hostname}
          onChange={(value) => update(containerFields.hostname, 'hostname', value)}
          error={fields.errorFor(containerFields.hostname)}
          hint="Optional: the short id otherwise"
          spellCheck={false}
          autoComplete="off"
        />
        <SelectField
          id={fields.id(containerFields.node)}
          label="Host"
          value={draft.nodeName}
          choices={nodeChoices}
          onChange={(value) => update(containerFields.node, 'nodeName', value)}
          error={fields.errorFor(containerFields.node)}
          hint="Optional: an overlay spans hosts, so pick where the container runs"
        />
      </div>
      <NetworkAttachmentsFields
        networks={networkList}
        attachments={draft.networks}
        fields={fields}
        onToggle={toggleNetwork}
        onChange={updateAttachment}
      />
      <fieldset className="fieldset">
        <legend>Ports</legend>
        <div className="form-grid">
          <TextField
            id={fields.id(containerFields.ports)}
            label="Published ports"
            value={draft.ports}
            onChange={(value) => update(containerFields.ports, 'ports', value)}
            error={fields.errorFor(containerFields.ports)}
            hint={portsPreview(draft.ports)}
            placeholder="8080:80"
            mono
            spellCheck={false}
            autoComplete="off"
          />
          <TextField
            id={fields.id(containerFields.expose)}
            label="Exposed ports"
            value={draft.expose}
            onChange={(value) => update(containerFields.expose, 'expose', value)}
            error={fields.errorFor(containerFields.expose)}
            hint="For publish all: 80, 53/udp, 8000-8010"
            placeholder="80"
            mono
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <CheckboxField
          id={fields.id(containerFields.publishAll)}
          label="Publish all exposed ports (-P)"
          checked={draft.publishAll}
          onChange={(checked) => update(containerFields.publishAll, 'publishAll', checked)}
          error={fields.errorFor(containerFields.publishAll)}
          hint="Each to a free port on the host"
        />
      </fieldset>
      <div className="form-grid">
        <SelectField
          id={fields.id(containerFields.restartPolicy)}
          label="Restart policy"
          value={draft.restartPolicy}
          choices={restartChoices}
          onChange={(value) =>
            isRestartPolicyName(value) && update(containerFields.restartPolicy, 'restartPolicy', value)
          }
          error={fields.errorFor(containerFields.restartPolicy)}
        />
        {draft.restartPolicy === 'on-failure' && (
          <TextField
            id={fields.id(containerFields.maximumRetryCount)}
            label="Maximum retries"
            value={draft.maximumRetryCount}
            onChange={(value) => update(containerFields.maximumRetryCount, 'maximumRetryCount', value)}
            error={fields.errorFor(containerFields.maximumRetryCount)}
            hint="Empty or 0: no limit"
            inputMode="numeric"
            autoComplete="off"
          />
        )}
        <TextField
          id={fields.id(containerFields.dns)}
          label="DNS servers"
          value={draft.dns}
          onChange={(value) => update(containerFields.dns, 'dns', value)}
          error={fields.errorFor(containerFields.dns)}
          hint="Optional: the embedded DNS and the host's servers otherwise"
          placeholder="1.1.1.1"
          mono
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          id={fields.id(containerFields.dnsSearch)}
          label="DNS search domains"
          value={draft.dnsSearch}
          onChange={(value) => update(containerFields.dnsSearch, 'dnsSearch', value)}
          error={fields.errorFor(containerFields.dnsSearch)}
          placeholder="example.internal"
          mono
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <CheckboxField
        id={`${formId}-start`}
        label="Start after creating"
        checked={startAfterCreate}
        onChange={setStartAfterCreate}
      />
      <FormError id={formErrorId} message={fields.formError} />
      <div>
        <SubmitButton label="Create container" pendingLabel="Creating…" pending={create.isPending} />
      </div>
    </form>
  );
}
