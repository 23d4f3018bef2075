'use client';

import { useState } from 'react';
import { fieldForServerError, messageBesideField, serverFieldError } from '../../lib/trpc/field-errors';

/** The element id of a field, derived from its path so errors can move focus to it. */
export function fieldId(formId: string, path: string): string {
  return `${formId}-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/**
 * Renames the field a server refusal names before it is matched to the form's fields, for forms whose
 * procedure wraps them (`{ route, spec }` refuses `spec.hostname`) or refusals that name no field but
 * are plainly about one (a conflict on the key).
 */
export type ServerFieldMapper = (field: string | null, error: unknown) => string | null;

/**
 * Which error each field shows: the form's own check once the field has been edited (or a submit was
 * tried), else the server's refusal if it names that field. A refusal naming no field of the form is
 * the form's error.
 */
export function useFieldErrors(
  formId: string,
  clientErrors: Map<string, string>,
  fieldPaths: string[],
  mutationError: unknown,
  mapServerField: ServerFieldMapper = (field) => field,
) {
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const server = serverFieldError(mutationError);
  const pathOf = (error: unknown): string | null =>
    fieldForServerError(mapServerField(serverFieldError(error)?.field ?? null, error), fieldPaths);
  const serverPath = server ? pathOf(mutationError) : null;

  function errorFor(path: string): string | null {
    const client = submitted || touched.has(path) ? clientErrors.get(path) : undefined;
    if (client) return client;
    return server && serverPath === path ? messageBesideField(server) : null;
  }

  function touch(path: string): void {
    setTouched((previous) => (previous.has(path) ? previous : new Set(previous).add(path)));
  }

  /** On submit: shows every error and focuses the first; true when the form may be sent. */
  function checkBeforeSubmit(): boolean {
    setSubmitted(true);
    const [firstPath] = [...clientErrors.keys()];
    if (firstPath === undefined) return true;
    document.getElementById(fieldId(formId, firstPath))?.focus();
    return false;
  }

  function focusServerField(error: unknown): void {
    const path = pathOf(error);
    if (path !== null) document.getElementById(fieldId(formId, path))?.focus();
  }

  function clear(): void {
    setTouched(new Set());
    setSubmitted(false);
  }

  return {
    errorFor,
    /** A field's id and error, to spread into its TextField, SelectField or CheckboxField. */
    at: (path: string) => ({ id: fieldId(formId, path), error: errorFor(path) }),
    formError: server && serverPath === null ? server.message : null,
    serverPath,
    touch,
    checkBeforeSubmit,
    focusServerField,
    clear,
    id: (path: string) => fieldId(formId, path),
  };
}

export type FieldErrors = ReturnType<typeof useFieldErrors>;
