import type { InputHTMLAttributes } from 'react';
import { Field, type FieldLabels } from './field';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'>;

/**
 * What is typed, and so how the browser should help: `identifier` (a name, a hostname) is neither
 * spell-checked nor autofilled, `code` is an identifier set in the monospace face (addresses, ports,
 * KEY=value lists), `number` brings up the numeric keypad and is not autofilled.
 */
export type TextKind = 'text' | 'identifier' | 'code' | 'number';

const kindProps: Record<TextKind, InputProps> = {
  text: {},
  identifier: { spellCheck: false, autoComplete: 'off' },
  code: { spellCheck: false, autoComplete: 'off' },
  number: { inputMode: 'numeric', autoComplete: 'off' },
};

/** A labelled text input whose error sits right under it and is announced as its description. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  kind = 'text',
  mono = kind === 'code',
  ...inputProps
}: InputProps &
  FieldLabels & {
    value: string;
    onChange: (value: string) => void;
    kind?: TextKind;
    mono?: boolean;
  }) {
  return (
    <Field
      id={id}
      label={label}
      error={error}
      hint={hint}
      control={(props) => (
        <input
          {...kindProps[kind]}
          {...inputProps}
          {...props}
          className={mono ? 'mono' : undefined}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    />
  );
}
