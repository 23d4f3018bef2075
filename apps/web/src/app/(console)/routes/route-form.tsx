'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouteView, ServiceView } from '@switchyard/contracts';
import { useState } from 'react';
import { FormError } from '../../../components/form/form-error';
import { SubmitButton } from '../../../components/form/submit-button';
import { useDraftForm, type FormMutation } from '../../../components/form/use-draft-form';
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
  // Until the operator types a port, it follows the chosen service's first target port.
  const [portTyped, setPortTyped] = useState(route !== undefined);

  const saved = (view: RouteView) => {
    void queryClient.invalidateQueries(trpc.routes.pathFilter());
    void queryClient.invalidateQueries(trpc.services.pathFilter());
    if (route) form.fields.clear();
    else {
      form.reset();
      setPortTyped(false);
    }
    onSaved(view);
  };
  const create = useMutation(trpc.routes.create.mutationOptions({ onSuccess: saved }));
  const update = useMutation(trpc.routes.update.mutationOptions({ onSuccess: saved }));
  const save: FormMutation<ReturnType<typeof toRouteInput>> = route
    ? {
        error: update.error,
        isPending: update.isPending,
        reset: update.reset,
        mutate: (spec, options) => update.mutate({ route: route.id, spec }, options),
      }
    : create;
  const form = useDraftForm({
    formId: route ? `route-edit-${route.id}` : 'route-form',
    label: route ? `Edit route ${route.hostname}` : 'Create route',
    initial: () => (route ? routeDraftOf(route) : emptyRouteDraft()),
    check: (draft) => validateRouteDraft(draft),
    fieldPaths: () => routeFieldPaths,
    mutation: save,
    toInput: toRouteInput,
    mapServerField: routeServerField,
  });
  const { draft } = form;

  function chooseService(name: string): void {
    const service = services.data?.find((candidate) => candidate.spec.name === name);
    form.setDraft((previous) =>
      portTyped
        ? { ...previous, service: name }
        : { ...previous, service: name, internalPort: String(defaultRoutePort(service)) },
    );
    form.edited(routeFields.service);
  }

  const chosen: ServiceView | undefined = services.data?.find(
    (service) => service.spec.name === draft.service,
  );
  const serviceHint =
    chosen && networks.data && !onMeshNetwork(chosen, networks.data) ? notOnMeshHint : undefined;
  const verb = route ? 'Save route' : 'Create route';
  return (
    <form className="form create-form" {...form.formProps}>
      <RouteFormFields
        form={form}
        services={services.data ?? []}
        serviceHint={serviceHint}
        onChooseService={chooseService}
        onTypePort={() => setPortTyped(true)}
      />
      <FormError {...form.refusal} />
      <div className="actions">
        <SubmitButton label={verb} pendingLabel={route ? 'Saving…' : 'Creating…'} pending={form.pending} />
        {onCancel && (
          <button className="button ghost" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
