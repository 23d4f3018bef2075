'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ImageView } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../../../components/confirm-button';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { imageLabel } from './image-label';

/** `docker tag` and `docker rmi` for one image; each refusal is shown in the server's words beside it. */
export function ImageActions({ image }: { image: ImageView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries(trpc.images.pathFilter());
  const [reference, setReference] = useState('');
  const [force, setForce] = useState(false);
  const tag = useMutation(
    trpc.images.tag.mutationOptions({
      onSuccess: () => setReference(''),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(trpc.images.remove.mutationOptions({ onSettled: refresh }));
  const name = imageLabel(image);
  const tagFieldId = `tag-${image.id}`;
  const inUse = image.containers > 0;

  function submitTag(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (reference.trim() !== '') tag.mutate({ id: image.id, reference: reference.trim() });
  }

  return (
    <div className="image-actions">
      <form onSubmit={submitTag} aria-label={`Tag ${name}`} noValidate>
        <label className="visually-hidden" htmlFor={tagFieldId}>
          New reference for {name}
        </label>
        <input
          id={tagFieldId}
          className="mono"
          placeholder="e.g. web:1.0"
          spellCheck={false}
          autoComplete="off"
          value={reference}
          aria-invalid={tag.isError ? true : undefined}
          onChange={(event) => {
            setReference(event.target.value);
            tag.reset();
          }}
        />
        <button className="button" type="submit" disabled={tag.isPending || reference.trim() === ''}>
          {tag.isPending ? 'Tagging…' : 'Tag'}
        </button>
      </form>
      {tag.isError && (
        <p className="form-error action-error" role="alert">
          Cannot tag {name}: {errorMessage(tag.error)}
        </p>
      )}
      <div className="actions">
        {inUse && (
          <label className="inline-field">
            <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
            Force (used by {image.containers})
          </label>
        )}
        <ConfirmButton
          label="Remove"
          confirmLabel={`Remove ${name}`}
          pendingLabel="Removing…"
          pending={remove.isPending || remove.isSuccess}
          onConfirm={() => remove.mutate({ id: image.id, force: inUse && force })}
        />
      </div>
      {remove.isError && (
        <p className="form-error action-error" role="alert">
          Cannot remove {name}: {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}
