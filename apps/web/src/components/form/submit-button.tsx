import type { MouseEvent, Ref } from 'react';

/**
 * A form's submit button. While the request runs it says so ("Creating…") and refuses presses through
 * aria-disabled rather than `disabled`, which would throw keyboard focus out of the form.
 */
export function SubmitButton({
  label,
  pendingLabel,
  pending,
  primary = true,
  ref,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  primary?: boolean;
  ref?: Ref<HTMLButtonElement>;
}) {
  return (
    <button
      ref={ref}
      className={primary ? 'button primary' : 'button'}
      type="submit"
      aria-disabled={pending ? true : undefined}
      onClick={(event: MouseEvent<HTMLButtonElement>) => pending && event.preventDefault()}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
