import type { InputHTMLAttributes } from 'react';
import { describedBy, FieldMessage } from './field-message';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'>;

/** A labelled text input whose error sits right under it and is announced as its description. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  mono = false,
  ...inputProps
}: InputProps & {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  hint?: string;
  mono?: boolean;
}) {
  const messageId = `${id}-message`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...inputProps}
        id={id}
        className={mono ? 'mono' : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(messageId, error, hint)}
      />
      <FieldMessage id={messageId} error={error} hint={hint} />
    </div>
  );
}
