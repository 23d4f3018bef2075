'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serviceSpecSchema, type ServiceView } from '@switchyard/contracts';
import { handOverFocus, takeFocus } from '../../../../components/form/focus-handoff';
import { FormError } from '../../../../components/form/form-error';
import { SubmitButton } from '../../../../components/form/submit-button';
import { TextField } from '../../../../components/form/text-field';
import { useDraftForm } from '../../../../components/form/use-draft-form';
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
  const focusKey = `${formId}-${service.id}`;
  const scale = useMutation(
    trpc.services.scale.mutationOptions({
      onSuccess: () => handOverFocus(focusKey),
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.services.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );
  const form = useDraftForm({
    formId,
    label: 'Scale service',
    initial: () => ({ replicas: String(service.spec.replicas) }),
    check: (draft) => parseReplicas(draft.replicas).errors,
    fieldPaths: () => fieldPaths,
    mutation: scale,
    // Sent only once the check passed, so the count is there.
    toInput: (draft) => ({
      service: service.spec.name,
      replicas: parseReplicas(draft.replicas).replicas ?? service.spec.replicas,
    }),
    // Any refusal was about the count typed before.
    onEdit: () => scale.reset(),
  });
  if (service.spec.mode === 'global') return null;

  return (
    <form className="form inline scale-form" {...form.formProps}>
      <TextField {...form.text('replicas', 'replicas')} label="Replicas" kind="number" />
      <SubmitButton
        ref={takeFocus(focusKey)}
        label="Apply"
        pendingLabel="Scaling…"
        pending={form.pending}
        primary={false}
      />
      <FormError {...form.refusal} />
    </form>
  );
}
