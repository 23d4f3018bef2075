'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  builtinImages,
  serviceSpecSchema,
  type ServiceSpecInput,
  type ServiceView,
} from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { handOverFocus, takeFocus } from '../../../../components/form/focus-handoff';
import { FormError } from '../../../../components/form/form-error';
import { SelectField } from '../../../../components/form/select-field';
import { SubmitButton } from '../../../../components/form/submit-button';
import { TextField } from '../../../../components/form/text-field';
import { useFieldErrors } from '../../../../components/form/use-field-errors';
import { wholeNumber } from '../../../../lib/inventory/duration';
import { splitList } from '../../../../lib/inventory/zod-message';
import { fieldForServerError } from '../../../../lib/trpc/field-errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { rolloutLine, specServerField } from '../service-update';

const formId = 'service-update';
const paths = { image: 'image', env: 'env', replicas: 'replicas' } as const;
const fieldPaths: string[] = Object.values(paths);
const imageChoices = builtinImages.map((image) => ({ value: image, label: image }));

interface UpdateDraft {
  image: string;
  env: string;
  replicas: string;
}

function draftOf(service: ServiceView): UpdateDraft {
  return {
    image: service.spec.image,
    env: Object.entries(service.spec.env)
      .map(([key, value]) => `${key}=${value}`)
      .join(' '),
    replicas: String(service.spec.replicas),
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
  const replicas = wholeNumber(draft.replicas);
  if (replicas === null) errors.set(paths.replicas, 'must be a whole number');
  const spec: ServiceSpecInput = {
    ...service.spec,
    image: draft.image,
    env,
    replicas: replicas ?? service.spec.replicas,
  };
  const result = serviceSpecSchema.safeParse(spec);
  for (const issue of result.success ? [] : result.error.issues) {
    const path = fieldForServerError(issue.path.join('.'), fieldPaths);
    if (path !== null && !errors.has(path)) errors.set(path, issue.message);
  }
  return { spec, errors };
}

/**
 * `docker service update --image --env-add --replicas`: a rolling update, one task at a time. The form
 * remounts with each new version of the service, so what it says about the rollout comes from the
 * service itself, not from the request.
 */
export function UpdateServiceForm({ service }: { service: ServiceView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<UpdateDraft>(() => draftOf(service));
  const focusKey = `${formId}-${service.id}`;
  const update = useMutation(
    trpc.services.update.mutationOptions({
      onSuccess: () => {
        fields.clear();
        handOverFocus(focusKey);
      },
      onError: (error) => fields.focusServerField(error),
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.services.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );
  const { spec, errors } = toSpec(service, draft);
  const fields = useFieldErrors(formId, errors, fieldPaths, update.error, specServerField);

  function edit(path: string, patch: Partial<UpdateDraft>): void {
    setDraft((previous) => ({ ...previous, ...patch }));
    fields.touch(path);
    if (fields.serverPath === path) update.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fields.checkBeforeSubmit()) update.mutate({ service: service.spec.name, spec });
  }

  const choices = imageChoices.some((choice) => choice.value === draft.image)
    ? imageChoices
    : [{ value: draft.image, label: draft.image }, ...imageChoices];
  const formErrorId = `${formId}-error`;
  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label="Update service"
      aria-describedby={fields.formError ? formErrorId : undefined}
    >
      <div className="form-grid">
        <SelectField
          id={fields.id(paths.image)}
          label="Image"
          value={draft.image}
          choices={choices}
          onChange={(value) => edit(paths.image, { image: value })}
          error={fields.errorFor(paths.image)}
        />
        <TextField
          id={fields.id(paths.env)}
          label="Environment"
          value={draft.env}
          onChange={(value) => edit(paths.env, { env: value })}
          error={fields.errorFor(paths.env)}
          hint="KEY=value, separated by spaces or commas"
          mono
          spellCheck={false}
          autoComplete="off"
        />
        {service.spec.mode === 'replicated' && (
          <TextField
            id={fields.id(paths.replicas)}
            label="Replicas"
            value={draft.replicas}
            onChange={(value) => edit(paths.replicas, { replicas: value })}
            error={fields.errorFor(paths.replicas)}
            inputMode="numeric"
            autoComplete="off"
          />
        )}
      </div>
      <FormError id={formErrorId} message={fields.formError} />
      <p className="status-line" role="status" data-testid="service-update-status">
        {rolloutLine(service)}
      </p>
      <div>
        <SubmitButton
          ref={takeFocus(focusKey)}
          label="Update service"
          pendingLabel="Updating…"
          pending={update.isPending}
        />
      </div>
    </form>
  );
}
