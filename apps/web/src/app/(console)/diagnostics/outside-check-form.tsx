'use client';

import { useMutation } from '@tanstack/react-query';
import { httpPathSchema } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../../components/form/form-error';
import { SelectField, type SelectChoice } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useFieldErrors } from '../../../components/form/use-field-errors';
import { zodMessage } from '../../../lib/inventory/zod-message';
import { useTRPC } from '../../../lib/trpc/react';
import { PathSteps } from './path-steps';
import type { DiagnosticsTargets } from './targets';

export type OutsideKind = 'published' | 'route';

const formId = 'outside-check';
const portKey = (port: { node: string; port: number; protocol: string }) =>
  `${port.node}:${port.port}/${port.protocol}`;

function portChoices(targets: DiagnosticsTargets | undefined): SelectChoice[] {
  const ports = targets?.publishedPorts ?? [];
  return [
    { value: '', label: ports.length === 0 ? 'No published ports yet' : 'Pick a host and port' },
    ...ports.map((port) => ({ value: portKey(port), label: `${portKey(port)} (${port.owner})` })),
  ];
}

function routeChoices(targets: DiagnosticsTargets | undefined): SelectChoice[] {
  const routes = targets?.routes ?? [];
  return [
    { value: '', label: routes.length === 0 ? 'No routes yet' : 'Pick a hostname' },
    ...routes.map((route) => ({
      value: route.hostname,
      label: `${route.hostname} → ${route.service}${route.protocol === 'sni' ? ' (SNI)' : ''}`,
    })),
  ];
}

/**
 * A path from outside the cluster: a port published on a host (walked from another host to its
 * underlay address), or a hostname of the HTTP routing mesh on one host's proxy.
 */
export function OutsideCheckForm({
  kind,
  targets,
}: {
  kind: OutsideKind;
  targets: DiagnosticsTargets | undefined;
}) {
  const trpc = useTRPC();
  const [port, setPort] = useState('');
  const [hostname, setHostname] = useState('');
  const [path, setPath] = useState('/');
  const [node, setNode] = useState('');
  const check = useMutation(
    trpc.diagnostics.targetCheck.mutationOptions({ onError: (error) => fields.focusServerField(error) }),
  );
  const errors = new Map<string, string>();
  if (kind === 'published' && port === '') errors.set('port', 'pick a published port');
  if (kind === 'route') {
    if (hostname === '') errors.set('hostname', 'pick a hostname');
    const pathError = zodMessage(httpPathSchema, path);
    if (pathError !== null) errors.set('path', pathError);
  }
  const fields = useFieldErrors(formId, errors, ['port', 'hostname', 'path', 'node'], check.error);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!fields.checkBeforeSubmit()) return;
    if (kind === 'route') {
      check.mutate({ kind, hostname, path, ...(node === '' ? {} : { node }) });
      return;
    }
    const picked = targets?.publishedPorts.find((candidate) => portKey(candidate) === port);
    if (picked !== undefined) {
      check.mutate({ kind, node: picked.node, port: picked.port, protocol: picked.protocol });
    }
  }

  const nodes: SelectChoice[] = [
    { value: '', label: 'A host where the route is ready' },
    ...(targets?.nodes ?? []).map((candidate) => ({
      value: candidate.name,
      label: `${candidate.name} (${candidate.status})`,
    })),
  ];
  return (
    <>
      <form
        className="form diag-form"
        aria-label={kind === 'route' ? 'HTTP route check' : 'Published port check'}
        onSubmit={submit}
        noValidate
      >
        <div className="form-grid">
          {kind === 'published' ? (
            <SelectField
              id={fields.id('port')}
              label="Published port"
              hint="Reached from another host, at this host's underlay address"
              value={port}
              choices={portChoices(targets)}
              onChange={(value) => {
                setPort(value);
                fields.touch('port');
              }}
              error={fields.errorFor('port')}
            />
          ) : (
            <>
              <SelectField
                id={fields.id('hostname')}
                label="Hostname"
                value={hostname}
                choices={routeChoices(targets)}
                onChange={(value) => {
                  setHostname(value);
                  fields.touch('hostname');
                }}
                error={fields.errorFor('hostname')}
              />
              <TextField
                id={fields.id('path')}
                label="Path"
                value={path}
                mono
                hint="Requested with the hostname as its Host header"
                onChange={(value) => {
                  setPath(value);
                  fields.touch('path');
                }}
                error={fields.errorFor('path')}
              />
              <SelectField
                id={fields.id('node')}
                label="Through the proxy on"
                value={node}
                choices={nodes}
                onChange={setNode}
                error={fields.errorFor('node')}
              />
            </>
          )}
        </div>
        <FormError id={`${formId}-error`} message={fields.formError} />
        <div className="actions">
          <SubmitButton label="Check path" pendingLabel="Checking…" pending={check.isPending} />
        </div>
      </form>
      {check.data && <PathSteps result={check.data} />}
    </>
  );
}
