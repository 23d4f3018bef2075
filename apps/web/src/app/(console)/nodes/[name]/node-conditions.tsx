import { DataTable } from '../../../../components/data-table';
import { ConditionState } from '../../_inspect/condition-state';
import { ObjectLabel } from '../../_inspect/object-link';
import type { NodeInspectData } from '../../_inspect/types';
import { conditionTitles } from '../../../../lib/badges/explain';

type Conditions = NodeInspectData['conditions'];

function ConditionsTable({ conditions, testId }: { conditions: Conditions; testId: string }) {
  return (
    <DataTable columns={['Object', 'State']} testId={testId}>
      {conditions.map((condition) => (
        <tr key={condition.object} data-ready={condition.ready}>
          <th scope="row">
            <ObjectLabel condition={condition} />
          </th>
          <td>
            <ConditionState ready={condition.ready} message={condition.message} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** What the agent could not make ready, with its reasons; everything it reported one click further. */
export function NodeConditions({ conditions }: { conditions: Conditions }) {
  const failing = conditions.filter((condition) => !condition.ready);
  return (
    <>
      {conditions.length === 0 ? (
        <p className="muted">The agent has not reported yet.</p>
      ) : failing.length === 0 ? (
        <p data-testid="node-all-ready">
          <span className="ix-state" data-tone="ready" title={conditionTitles.ready}>
            all ready
          </span>{' '}
          Every one of the {conditions.length} objects the agent reported is ready.
        </p>
      ) : (
        <ConditionsTable conditions={failing} testId="node-failing" />
      )}
      {conditions.length > 0 && (
        <details className="panel">
          <summary>Everything the agent reported ({conditions.length})</summary>
          <div className="panel-body">
            <ConditionsTable conditions={conditions} testId="node-conditions" />
          </div>
        </details>
      )}
    </>
  );
}
