'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouteView, ServiceView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../../components/form/form-error';
import { SubmitButton } from '../../../components/form/submit-button';
import { useFieldErrors } from '../../../components/form/use-field-errors';
import { defaultRoutePort } from '../../../lib/routes/format';
import { notOnMeshHint, onMeshNetwork } from '../../../lib/routes/mesh';
import { useTRPC } from '../../../lib/trpc/react';
import { RouteFormFields } from './route-form-fields';
import {
  emptyRouteDraft,
  routeDraftOf,
  routeFieldPaths,
  routeFields,
  routeServerField,
  toRouteInput,
  validateRouteDraft,
  type RouteDraft,
} from './route-draft';

/**
 * Creates a route, or edits one made here (`route` given). Checked against the contracts' schema as
 * the operator types; the server's refusals (a hostname another service has) land on their field.
 */
export function RouteForm({
  route,
  onSaved,
  onCancel,
}: {
  route?: RouteView;
  onSaved: (route: RouteView) => void;
  onCancel?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const services = useQuery(trpc.services.list.queryOptions());
  const networks = useQuery(trpc.networks.list.queryOptions());
  const [draft, setDraft] = useState<RouteDraft>(() => (route ? routeDraftOf(route) : emptyRouteDraft()));
  // Until the operator types a port, it follows the chosen service's first target port.
  const [portTyped, setPortTyped] = useState(route !== undefined);
  const formId = route ? `route-edit-${route.id}` : 'route-form';

  const saved = (view: RouteView) => {
    void queryClient.invalidateQueries(trpc.routes.pathFilter());
    void queryClient.invalidateQueries(trpc.services.pathFilter());
    fields.clear();
    if (!route) {
      setDraft(emptyRouteDraft());
      setPortTyped(false);
    }
    onSaved(view);
  };
  const create = useMutation(
    trpc.routes.create.mutationOptions({
      onSuccess: saved,
      onError: (error) => fields.focusServerField(error),
    }),
  );
  const update = useMutation(
    trpc.routes.update.mutationOptions({
      onSuccess: saved,
      onError: (error) => fields.focusServerField(error),
    }),
  );
  const save = route ? update : create;
  const fields = useFieldErrors(
    formId,
    validateRouteDraft(draft),
    routeFieldPaths,
    save.error,
    routeServerField,
  );

  function edit(path: string, patch: Partial<RouteDraft>): void {
    setDraft((previous) => ({ ...previous, ...patch }));
    fields.touch(path);
    // The server's refusal was about the old value: it goes once the field changes.
    if (fields.serverPath === path) save.reset();
  }

  function chooseService(name: string): void {
    const service = services.data?.find((candidate) => candidate.spec.name === name);
    edit(
      routeFields.service,
      portTyped ? { service: name } : { service: name, internalPort: String(defaultRoutePort(service)) },
    );
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!fields.checkBeforeSubmit()) return;
    if (route) update.mutate({ route: route.id, spec: toRouteInput(draft) });
    else create.mutate(toRouteInput(draft));
  }

  const chosen: ServiceView | undefined = services.data?.find(
    (service) => service.spec.name === draft.service,
  );
  const serviceHint =
    chosen && networks.data && !onMeshNetwork(chosen, networks.data) ? notOnMeshHint : undefined;
  const formErrorId = `${formId}-error`;
  const verb = route ? 'Save route' : 'Create route';
  return (
    <form
      className="form create-form"
      onSubmit={submit}
      noValidate
      aria-label={route ? `Edit route ${route.hostname}` : 'Create route'}
      aria-describedby={fields.formError ? formErrorId : undefined}
    >
      <RouteFormFields
        draft={draft}
        fields={fields}
        services={services.data ?? []}
        serviceHint={serviceHint}
        onEdit={edit}
        onChooseService={chooseService}
        onTypePort={() => setPortTyped(true)}
      />
      <FormError id={formErrorId} message={fields.formError} />
      <div className="actions">
        <SubmitButton label={verb} pendingLabel={route ? 'Saving…' : 'Creating…'} pending={save.isPending} />
        {onCancel && (
          <button className="button ghost" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
