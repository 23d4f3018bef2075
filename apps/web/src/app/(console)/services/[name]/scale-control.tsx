'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serviceSpecSchema, type ServiceView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { handOverFocus, takeFocus } from '../../../../components/form/focus-handoff';
import { FormError } from '../../../../components/form/form-error';
import { SubmitButton } from '../../../../components/form/submit-button';
import { TextField } from '../../../../components/form/text-field';
import { useFieldErrors } from '../../../../components/form/use-field-errors';
import { wholeNumber } from '../../../../lib/inventory/duration';
import { useTRPC } from '../../../../lib/trpc/react';

const formId = 'scale';
const fieldPaths = ['replicas'];

/** The replica count the spec allows (the schema the server checks), or null with why not. */
function parseReplicas(text: string): { replicas: number | null; errors: Map<string, string> } {
  const replicas = wholeNumber(text);
  if (replicas !== null && serviceSpecSchema.shape.replicas.safeParse(replicas).success)
    return { replicas, errors: new Map() };
  return { replicas: null, errors: new Map([['replicas', 'must be a whole number from 0 to 1000']]) };
}

/** `docker service scale name=N`: a number and Apply; global services have no replica count. */
export function ScaleControl({ service }: { service: ServiceView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(String(service.spec.replicas));
  const focusKey = `${formId}-${service.id}`;
  const scale = useMutation(
    trpc.services.scale.mutationOptions({
      onSuccess: () => handOverFocus(focusKey),
      onError: (error) => fields.focusServerField(error),
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.services.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );
  const { replicas, errors } = parseReplicas(text);
  const fields = useFieldErrors(formId, errors, fieldPaths, scale.error);
  if (service.spec.mode === 'global') return null;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fields.checkBeforeSubmit() && replicas !== null)
      scale.mutate({ service: service.spec.name, replicas });
  }

  const formErrorId = `${formId}-error`;
  return (
    <form
      className="form inline scale-form"
      onSubmit={submit}
      aria-label="Scale service"
      aria-describedby={fields.formError ? formErrorId : undefined}
      noValidate
    >
      <TextField
        id={fields.id('replicas')}
        label="Replicas"
        value={text}
        onChange={(value) => {
          setText(value);
          fields.touch('replicas');
          scale.reset();
        }}
        error={fields.errorFor('replicas')}
        inputMode="numeric"
        autoComplete="off"
      />
      <SubmitButton
        ref={takeFocus(focusKey)}
        label="Apply"
        pendingLabel="Scaling…"
        pending={scale.isPending}
        primary={false}
      />
      <FormError id={formErrorId} message={fields.formError} />
    </form>
  );
}
