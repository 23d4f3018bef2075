'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServiceView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { wholeNumber } from '../../../../lib/inventory/duration';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';

/** `docker service scale name=N`: a number and Apply; global services have no replica count. */
export function ScaleControl({ service }: { service: ServiceView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(String(service.spec.replicas));
  const scale = useMutation(
    trpc.services.scale.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.services.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );
  if (service.spec.mode === 'global') return null;

  const replicas = wholeNumber(text);
  const invalid = replicas === null || replicas > 1_000;
  const error = invalid
    ? 'must be a whole number from 0 to 1000'
    : scale.isError
      ? errorMessage(scale.error)
      : null;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (replicas !== null && !invalid) scale.mutate({ service: service.spec.name, replicas });
  }

  return (
    <form className="form inline scale-form" onSubmit={submit} aria-label="Scale service" noValidate>
      <div className="field">
        <label htmlFor="scale-replicas">Replicas</label>
        <input
          id="scale-replicas"
          type="number"
          min={0}
          max={1000}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            scale.reset();
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'scale-replicas-message' : undefined}
        />
        {error && (
          <span id="scale-replicas-message" className="field-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <button className="button" type="submit" disabled={invalid || scale.isPending}>
        {scale.isPending ? 'Scaling…' : 'Apply'}
      </button>
    </form>
  );
}
