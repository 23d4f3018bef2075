import type { CaptureSummary } from '@switchyard/contracts';
import type { ProbeRun } from './targets';

function CaptureTables({ capture }: { capture: CaptureSummary }) {
  if (capture.packets === 0) return <p className="muted">No packets were captured.</p>;
  return (
    <div className="diag-capture" data-testid="capture-summary">
      <div className="table-wrap">
        <table className="table">
          <caption>{capture.packets} packets by protocol</caption>
          <thead>
            <tr>
              <th scope="col">Protocol</th>
              <th scope="col" className="numeric">
                Packets
              </th>
            </tr>
          </thead>
          <tbody>
            {capture.byProtocol.map((row) => (
              <tr key={row.protocol}>
                <td>{row.protocol}</td>
                <td className="numeric">{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption>By peers (source &gt; destination)</caption>
          <thead>
            <tr>
              <th scope="col">Peers</th>
              <th scope="col" className="numeric">
                Packets
              </th>
            </tr>
          </thead>
          <tbody>
            {capture.byPeer.map((row) => (
              <tr key={row.peers}>
                <td className="mono">{row.peers}</td>
                <td className="numeric">{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="diag-first-lines">
        <h3>First packets</h3>
        <pre className="diag-output">{capture.firstLines.join('\n')}</pre>
      </div>
    </div>
  );
}

/** What ran, where, how it ended, and what it printed. */
export function ProbeResultView({ run }: { run: ProbeRun }) {
  const { result } = run;
  const ok = result.exitCode === 0;
  const status = result.exitCode === null ? 'stopped' : `exit ${result.exitCode}`;
  return (
    <div className="diag-result" data-testid="probe-result" data-exit={result.exitCode ?? 'stopped'}>
      <p className="diag-verdict" role="status" data-ok={ok}>
        Ran in <strong>{run.sandbox}</strong> on {run.node}
        {run.netns !== null && (
          <>
            {' '}
            (namespace <span className="mono">{run.netns}</span>)
          </>
        )}
        : <strong>{status}</strong> after {result.durationMs} ms
      </p>
      <pre className="diag-command" data-testid="probe-command">
        $ {result.argv.join(' ')}
      </pre>
      {result.capture !== undefined && <CaptureTables capture={result.capture} />}
      <details className="diag-detail" open={result.capture === undefined}>
        <summary>Output{result.truncated ? ' (cut at 16 KiB)' : ''}</summary>
        <pre className="diag-output" data-testid="probe-output">
          {result.output || '(no output)'}
        </pre>
      </details>
    </div>
  );
}
