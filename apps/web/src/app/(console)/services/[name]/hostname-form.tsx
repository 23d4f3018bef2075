'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServiceView } from '@switchyard/contracts';
import { useState } from 'react';
import { FormError } from '../../../../components/form/form-error';
import { SubmitButton } from '../../../../components/form/submit-button';
import { TextField } from '../../../../components/form/text-field';
import { useDraftForm } from '../../../../components/form/use-draft-form';
import { defaultRoutePort } from '../../../../lib/routes/format';
import { notOnMeshHint } from '../../../../lib/routes/mesh';
import { useTRPC } from '../../../../lib/trpc/react';
import {
  emptyRouteDraft,
  routeFields,
  routeServerField,
  toRouteInput,
  validateRouteDraft,
} from '../../routes/route-draft';

const formId = 'service-hostname';
// Only these two are asked here; the server's word on anything else is the form's error.
const fieldPaths: string[] = [routeFields.hostname, routeFields.internalPort];

/**
 * Routes a hostname to this service over HTTP; the Routes page has the other options. A service off
 * the mesh is told so once a hostname is typed: only then has it asked for hostname routing.
 */
export function HostnameForm({ service, offMesh }: { service: ServiceView; offMesh: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [added, setAdded] = useState<string | null>(null);
  const create = useMutation(
    trpc.routes.create.mutationOptions({
      onSuccess: (route) => {
        void queryClient.invalidateQueries(trpc.routes.pathFilter());
        setAdded(route.hostname);
        form.reset();
      },
    }),
  );
  const form = useDraftForm({
    formId,
    label: 'Add hostname',
    initial: () => emptyRouteDraft(service.spec.name, defaultRoutePort(service)),
    check: (draft) => validateRouteDraft(draft, fieldPaths),
    fieldPaths: () => fieldPaths,
    mutation: create,
    toInput: toRouteInput,
    mapServerField: routeServerField,
    onEdit: () => setAdded(null),
  });

  return (
    <>
      <form className="form inline hostname-form" {...form.formProps}>
        <TextField
          {...form.text(routeFields.hostname, 'hostname')}
          label="Hostname"
          hint={offMesh && form.draft.hostname.trim() !== '' ? notOnMeshHint : undefined}
          placeholder="e.g. shop.example.com"
          kind="code"
          autoCapitalize="none"
        />
        <TextField {...form.text(routeFields.internalPort, 'internalPort')} label="Port" kind="number" />
        <SubmitButton label="Add hostname" pendingLabel="Adding…" pending={form.pending} />
        <FormError {...form.refusal} />
      </form>
      <p className="status-line" role="status">
        {added && `Routed ${added}: each host's proxy picks it up within seconds.`}
      </p>
    </>
  );
}
