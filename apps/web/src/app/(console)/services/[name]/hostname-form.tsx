'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServiceView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../../../components/form/form-error';
import { SubmitButton } from '../../../../components/form/submit-button';
import { TextField } from '../../../../components/form/text-field';
import { useFieldErrors } from '../../../../components/form/use-field-errors';
import { defaultRoutePort } from '../../../../lib/routes/format';
import { useTRPC } from '../../../../lib/trpc/react';
import {
  emptyRouteDraft,
  routeFields,
  routeServerField,
  toRouteInput,
  validateRouteDraft,
  type RouteDraft,
} from '../../routes/route-draft';

const formId = 'service-hostname';
// Only these two are asked here; the server's word on anything else is the form's error.
const fieldPaths: string[] = [routeFields.hostname, routeFields.internalPort];

/** Routes a hostname to this service over HTTP; the Routes page has the other options. */
export function HostnameForm({ service }: { service: ServiceView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const initial = () => emptyRouteDraft(service.spec.name, defaultRoutePort(service));
  const [draft, setDraft] = useState<RouteDraft>(initial);
  const [added, setAdded] = useState<string | null>(null);
  const create = useMutation(
    trpc.routes.create.mutationOptions({
      onSuccess: (route) => {
        void queryClient.invalidateQueries(trpc.routes.pathFilter());
        setAdded(route.hostname);
        setDraft(initial());
        fields.clear();
      },
      onError: (error) => fields.focusServerField(error),
    }),
  );
  const fields = useFieldErrors(
    formId,
    validateRouteDraft(draft, fieldPaths),
    fieldPaths,
    create.error,
    routeServerField,
  );

  function edit(path: string, patch: Partial<RouteDraft>): void {
    setDraft((previous) => ({ ...previous, ...patch }));
    setAdded(null);
    fields.touch(path);
    if (fields.serverPath === path) create.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fields.checkBeforeSubmit()) create.mutate(toRouteInput(draft));
  }

  const formErrorId = `${formId}-error`;
  return (
    <>
      <form
        className="form inline hostname-form"
        onSubmit={submit}
        noValidate
        aria-label="Add hostname"
        aria-describedby={fields.formError ? formErrorId : undefined}
      >
        <TextField
          id={fields.id(routeFields.hostname)}
          label="Hostname"
          value={draft.hostname}
          onChange={(value) => edit(routeFields.hostname, { hostname: value })}
          error={fields.errorFor(routeFields.hostname)}
          placeholder="foo.example.com"
          mono
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="none"
        />
        <TextField
          id={fields.id(routeFields.internalPort)}
          label="Port"
          value={draft.internalPort}
          onChange={(value) => edit(routeFields.internalPort, { internalPort: value })}
          error={fields.errorFor(routeFields.internalPort)}
          inputMode="numeric"
          autoComplete="off"
        />
        <SubmitButton label="Add hostname" pendingLabel="Adding…" pending={create.isPending} />
        <FormError id={formErrorId} message={fields.formError} />
      </form>
      <p className="status-line" role="status">
        {added && `Routed ${added}: each host's proxy picks it up within seconds.`}
      </p>
    </>
  );
}
