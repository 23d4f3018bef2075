import type { ReactNode } from 'react';
import { describedBy, FieldMessage } from './field-message';

/** What a field's control carries so its label, error and hint belong to it. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** What every field has besides its control. */
export interface FieldLabels {
  id: string;
  label: ReactNode;
  error: string | null;
  hint?: string;
}

/**
 * The one field of the console's forms: a label, a control, and under it the field's error (the form's
 * own check or the server's refusal naming it), else its hint, announced as the control's description.
 * A checkbox stands before its label.
 */
export function Field({
  id,
  label,
  error,
  hint,
  checkbox = false,
  control,
}: FieldLabels & {
  checkbox?: boolean;
  control: (props: ControlProps) => ReactNode;
}) {
  const messageId = `${id}-message`;
  const drawn = control({
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(messageId, error, hint),
  });
  const caption = <label htmlFor={id}>{label}</label>;
  return (
    <div className={checkbox ? 'checkbox-field' : 'field'}>
      {checkbox ? drawn : caption}
      {checkbox ? caption : drawn}
      <FieldMessage id={messageId} error={error} hint={hint} />
    </div>
  );
}

/**
 * A field made of several controls (networks to tick, subnet rows): a fieldset that takes focus when
 * its error is the first, with that error (else its hint) under the legend.
 */
export function FieldGroup({
  id,
  legend,
  error,
  hint,
  children,
}: {
  id: string;
  legend: string;
  error: string | null;
  hint?: string;
  children: ReactNode;
}) {
  const messageId = `${id}-message`;
  return (
    <fieldset
      className="fieldset"
      id={id}
      tabIndex={-1}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(messageId, error, hint)}
    >
      <legend>{legend}</legend>
      <FieldMessage id={messageId} error={error} hint={hint} />
      {children}
    </fieldset>
  );
}
