'use client';

import { useState, type FormEvent } from 'react';
import { useFieldErrors, type FieldErrors, type ServerFieldMapper } from './use-field-errors';

/** The part of a react-query mutation a form drives; tRPC's mutations fit it as they are. */
export interface FormMutation<Input> {
  error: unknown;
  isPending: boolean;
  reset(): void;
  mutate(input: Input, options?: { onError?: (error: unknown) => void }): void;
}

/** Keys that take `Value`, one of a select's choices (a union of strings, or any string). */
type ChoiceKey<Draft, Value extends string> = {
  [Key in keyof Draft]-?: Value extends Draft[Key] ? (Draft[Key] extends string ? Key : never) : never;
}[keyof Draft];
/** Keys whose value is a string, any string: what a text field may write. */
type TextKey<Draft> = ChoiceKey<Draft, string>;
type FlagKey<Draft> = {
  [Key in keyof Draft]-?: Draft[Key] extends boolean ? (boolean extends Draft[Key] ? Key : never) : never;
}[keyof Draft];

type FieldPlace = ReturnType<FieldErrors['at']>;

/**
 * A form over a draft whose submission the server may refuse: every edit goes through here, so a field
 * shows its own check once touched, a refusal naming a field stands beside it until that field changes,
 * and any other refusal is the form's error.
 */
export interface DraftForm<Draft> {
  draft: Draft;
  /** For edits no field binding covers (rows added or removed); call `edited` with the path after. */
  setDraft: (update: (previous: Draft) => Draft) => void;
  edited: (path: string) => void;
  text: (
    path: string,
    key: TextKey<Draft>,
  ) => FieldPlace & { value: string; onChange: (value: string) => void };
  choice: <Value extends string>(
    path: string,
    key: ChoiceKey<Draft, Value>,
    accepts: (value: string) => value is Value,
  ) => FieldPlace & { value: string; onChange: (value: string) => void };
  flag: (
    path: string,
    key: FlagKey<Draft>,
  ) => FieldPlace & { checked: boolean; onChange: (checked: boolean) => void };
  fields: FieldErrors;
  /** Back to the initial draft with nothing touched: after a create succeeds. */
  reset: () => void;
  /** Spread into the `<form>`: it submits through `mutation` once the form's own check passes. */
  formProps: {
    onSubmit: (event: FormEvent<HTMLFormElement>) => void;
    noValidate: true;
    'aria-label': string;
    'aria-describedby': string | undefined;
  };
  /** Spread into a FormError: the refusal that names none of the form's fields. */
  refusal: { id: string; message: string | null };
  pending: boolean;
}

const anyString = (value: string): value is string => typeof value === 'string';

export function useDraftForm<Draft extends object, Input>({
  formId,
  label,
  initial,
  check,
  fieldPaths,
  mutation,
  toInput,
  mapServerField,
  onEdit,
}: {
  formId: string;
  /** The form's accessible name, which is also how the tests find it: `Create network`. */
  label: string;
  initial: () => Draft;
  /** The form's own check: an error message per field path. */
  check: (draft: Draft) => Map<string, string>;
  /** The fields on screen: a refusal naming one lands next to it, any other is the form's error. */
  fieldPaths: (draft: Draft) => string[];
  mutation: FormMutation<Input>;
  toInput: (draft: Draft) => Input;
  mapServerField?: ServerFieldMapper;
  /** Anything else an edit makes stale, such as a line saying what the last submit did. */
  onEdit?: () => void;
}): DraftForm<Draft> {
  const [draft, setDraft] = useState<Draft>(initial);
  const fields = useFieldErrors(formId, check(draft), fieldPaths(draft), mutation.error, mapServerField);

  function edited(path: string): void {
    fields.touch(path);
    onEdit?.();
    // The server's refusal was about the old value: it goes once the field changes.
    if (fields.serverPath === path) mutation.reset();
  }

  const at = fields.at;

  function choice<Value extends string>(
    path: string,
    key: ChoiceKey<Draft, Value>,
    accepts: (value: string) => value is Value,
  ) {
    const value = draft[key];
    return {
      ...at(path),
      value: typeof value === 'string' ? value : '',
      onChange: (next: string) => {
        if (accepts(next)) {
          setDraft((previous) => ({ ...previous, [key]: next }));
          edited(path);
        }
      },
    };
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fields.checkBeforeSubmit())
      mutation.mutate(toInput(draft), { onError: (error) => fields.focusServerField(error) });
  }

  const formErrorId = `${formId}-error`;
  return {
    draft,
    setDraft,
    edited,
    text: (path, key) => choice(path, key, anyString),
    choice,
    flag: (path, key) => ({
      ...at(path),
      checked: draft[key] === true,
      onChange: (checked: boolean) => {
        setDraft((previous) => ({ ...previous, [key]: checked }));
        edited(path);
      },
    }),
    fields,
    reset: () => {
      setDraft(initial());
      fields.clear();
    },
    formProps: {
      onSubmit: submit,
      noValidate: true,
      'aria-label': label,
      'aria-describedby': fields.formError ? formErrorId : undefined,
    },
    refusal: { id: formErrorId, message: fields.formError },
    pending: mutation.isPending,
  };
}
