'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatTimestamp } from '../../../../lib/time/format';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';

const tailChoices = [100, 500, 2000] as const;
const followIntervalMs = 2_000;

/** `docker logs --tail N`, refreshed on demand or every two seconds while following. */
export function ContainerLogs({ idOrName }: { idOrName: string }) {
  const trpc = useTRPC();
  const [tail, setTail] = useState<number>(tailChoices[0]);
  const [follow, setFollow] = useState(false);
  const logs = useQuery({
    ...trpc.containers.logs.queryOptions({ container: idOrName, tail }),
    refetchInterval: follow ? followIntervalMs : false,
  });

  return (
    <section className="section" aria-labelledby="container-logs">
      <div className="section-header">
        <h2 id="container-logs">Logs</h2>
        <div className="toolbar compact">
          <label className="inline-field">
            <span>Tail</span>
            <select value={tail} onChange={(event) => setTail(Number(event.target.value))}>
              {tailChoices.map((lines) => (
                <option key={lines} value={lines}>
                  last {lines} lines
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} />
            Follow
          </label>
          <button
            className="button"
            type="button"
            onClick={() => void logs.refetch()}
            disabled={logs.isFetching}
          >
            {logs.isFetching ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      {logs.isError && (
        <p className="form-error" role="alert">
          {errorMessage(logs.error)}
        </p>
      )}
      {logs.isSuccess && logs.data.length === 0 && <p className="muted">No output yet.</p>}
      {logs.isSuccess && logs.data.length > 0 && (
        <pre className="logs" tabIndex={0} aria-label="Log lines" data-testid="container-logs">
          {logs.data.map((line, index) => (
            <span key={`${line.at}-${index}`} className="log-line" data-stream={line.stream}>
              <span className="log-time">{formatTimestamp(new Date(line.at))}</span> {line.text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </section>
  );
}
