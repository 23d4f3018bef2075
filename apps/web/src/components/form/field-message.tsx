/** The error (or hint) under a field; its id is what the input's aria-describedby points at. */
export function FieldMessage({ id, error, hint }: { id: string; error: string | null; hint?: string }) {
  if (error)
    return (
      <span id={id} className="field-error" data-testid="field-error">
        {error}
      </span>
    );
  if (hint)
    return (
      <span id={id} className="field-hint">
        {hint}
      </span>
    );
  return null;
}

export function describedBy(id: string, error: string | null, hint?: string): string | undefined {
  return error || hint ? id : undefined;
}
