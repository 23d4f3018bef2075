'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  builtinImages,
  serviceSpecSchema,
  type ServiceSpecInput,
  type ServiceView,
} from '@switchyard/contracts';
import { handOverFocus, takeFocus } from '../../../../components/form/focus-handoff';
import { FormError } from '../../../../components/form/form-error';
import { SelectField } from '../../../../components/form/select-field';
import { SubmitButton } from '../../../../components/form/submit-button';
import { TextField } from '../../../../components/form/text-field';
import { useDraftForm } from '../../../../components/form/use-draft-form';
import { imageReferenceChoices } from '../../../../lib/images/references';
import { splitList } from '../../../../lib/inventory/zod-message';
import { fieldForServerError } from '../../../../lib/trpc/field-errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { rolloutLine, specServerField } from '../service-update';

const formId = 'service-update';
const paths = { image: 'image', env: 'env' } as const;
const fieldPaths: string[] = Object.values(paths);

interface UpdateDraft {
  image: string;
  env: string;
}

function draftOf(service: ServiceView): UpdateDraft {
  return {
    image: service.spec.image,
    env: Object.entries(service.spec.env)
      .map(([key, value]) => `${key}=${value}`)
      .join(' '),
  };
}

/** The current spec with the edited workload; every other setting stays as it is. */
function toSpec(
  service: ServiceView,
  draft: UpdateDraft,
): { spec: ServiceSpecInput; errors: Map<string, string> } {
  const errors = new Map<string, string>();
  const env: Record<string, string> = {};
  for (const item of splitList(draft.env)) {
    const at = item.indexOf('=');
    if (at <= 0) errors.set(paths.env, `"${item}" is not KEY=value`);
    else env[item.slice(0, at)] = item.slice(at + 1);
  }
  const spec: ServiceSpecInput = { ...service.spec, image: draft.image, env };
  const result = serviceSpecSchema.safeParse(spec);
  for (const issue of result.success ? [] : result.error.issues) {
    const path = fieldForServerError(issue.path.join('.'), fieldPaths);
    if (path !== null && !errors.has(path)) errors.set(path, issue.message);
  }
  return { spec, errors };
}

/**
 * `docker service update --image --env-add`: a rolling update, one task at a time (the replica count
 * is the page header's Scale, its one control). The form
 * remounts with each new version of the service, so what it says about the rollout comes from the
 * service itself, not from the request.
 */
export function UpdateServiceForm({ service }: { service: ServiceView }) {
  const trpc = useTRPC();
  const images = useQuery(trpc.images.list.queryOptions());
  const queryClient = useQueryClient();
  const focusKey = `${formId}-${service.id}`;
  const update = useMutation(
    trpc.services.update.mutationOptions({
      onSuccess: () => {
        form.fields.clear();
        handOverFocus(focusKey);
      },
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.services.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );
  const form = useDraftForm({
    formId,
    label: 'Update service',
    initial: () => draftOf(service),
    check: (draft) => toSpec(service, draft).errors,
    fieldPaths: () => fieldPaths,
    mutation: update,
    toInput: (draft) => ({ service: service.spec.name, spec: toSpec(service, draft).spec }),
    mapServerField: specServerField,
  });

  const image = form.draft.image;
  const references = imageReferenceChoices(builtinImages, images.data ?? []);
  const choices = (references.includes(image) ? references : [image, ...references]).map((reference) => ({
    value: reference,
    label: reference,
  }));
  return (
    <form className="form" {...form.formProps}>
      <div className="form-grid">
        <SelectField {...form.text(paths.image, 'image')} label="Image" choices={choices} />
        <TextField
          {...form.text(paths.env, 'env')}
          label="Environment"
          hint="KEY=value, separated by spaces or commas"
          kind="code"
        />
      </div>
      <FormError {...form.refusal} />
      <p className="status-line" role="status" data-testid="service-update-status">
        {rolloutLine(service)}
      </p>
      <div>
        <SubmitButton
          ref={takeFocus(focusKey)}
          label="Update service"
          pendingLabel="Updating…"
          pending={form.pending}
        />
      </div>
    </form>
  );
}
