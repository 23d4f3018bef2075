/** The object exactly as the API returned it, for whoever wants `docker inspect`'s raw view. */
export function InspectJson({ value }: { value: unknown }) {
  return (
    <details className="panel">
      <summary>JSON</summary>
      <pre className="json">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
