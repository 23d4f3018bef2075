import type { CaptureSummary } from '@switchyard/contracts';
import { DataTable } from '../../../components/data-table';
import type { ProbeRun } from './targets';

/** Packets counted by one key: by protocol, or by who talked to whom. */
function CountTable({
  caption,
  heading,
  rows,
  mono = false,
}: {
  caption: string;
  heading: string;
  rows: readonly { key: string; count: number }[];
  mono?: boolean;
}) {
  return (
    <DataTable caption={caption} columns={[heading, { label: 'Packets', numeric: true }]}>
      {rows.map((row) => (
        <tr key={row.key}>
          <td className={mono ? 'mono' : undefined}>{row.key}</td>
          <td className="numeric">{row.count}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function CaptureTables({ capture }: { capture: CaptureSummary }) {
  if (capture.packets === 0) return <p className="muted">No packets were captured.</p>;
  return (
    <div className="diag-capture" data-testid="capture-summary">
      <CountTable
        caption={`${capture.packets} packets by protocol`}
        heading="Protocol"
        rows={capture.byProtocol.map((row) => ({ key: row.protocol, count: row.count }))}
      />
      <CountTable
        caption="By peers (source > destination)"
        heading="Peers"
        rows={capture.byPeer.map((row) => ({ key: row.peers, count: row.count }))}
        mono
      />
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
