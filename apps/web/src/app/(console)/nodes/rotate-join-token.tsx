'use client';

import { useMutation } from '@tanstack/react-query';
import { CopyableCommand } from '../../../components/copyable-command';
import { focusFirstControl } from '../../../components/focus-first';
import { FormError } from '../../../components/form/form-error';
import { useTRPC } from '../../../lib/trpc/react';

/**
 * Rotates the join token: every token but the local lab's stops working and a new one is shown,
 * once. Nodes that joined keep their certificates, so they are not affected.
 */
export function RotateJoinToken() {
  const trpc = useTRPC();
  const rotate = useMutation(trpc.tokens.rotate.mutationOptions());

  if (rotate.isSuccess)
    return (
      <div className="join-token" ref={focusFirstControl}>
        <p>
          Join tokens rotated: every earlier token stops working now; nodes that already joined are
          unaffected. The new token is shown only this once.
        </p>
        <CopyableCommand command={rotate.data.joinCommand} />
        <button className="button" type="button" onClick={() => rotate.reset()}>
          Done
        </button>
      </div>
    );

  return (
    <div className="form inline">
      <p>Rotating revokes every join token (the local lab’s aside) and issues a new one.</p>
      <button
        className="button"
        type="button"
        disabled={rotate.isPending}
        aria-describedby={rotate.isError ? 'rotate-join-token-error' : undefined}
        onClick={() => rotate.mutate()}
      >
        {rotate.isPending ? 'Rotating…' : 'Rotate join token'}
      </button>
      <FormError id="rotate-join-token-error" message={rotate.isError ? rotate.error.message : null} />
    </div>
  );
}
