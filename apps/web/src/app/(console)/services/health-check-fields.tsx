import { SelectField } from '../../../components/form/select-field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { serviceFields, type HealthCheckDraft, type HealthKind } from './service-draft';

const kindChoices: { value: HealthKind; label: string }[] = [
  { value: 'none', label: 'None: running is healthy' },
  { value: 'http', label: 'HTTP GET' },
  { value: 'tcp', label: 'TCP connect' },
  { value: 'command', label: 'Command in the task' },
];

function isHealthKind(value: string): value is HealthKind {
  return kindChoices.some((choice) => choice.value === value);
}

/** Docker's HEALTHCHECK options, plus the agent's HTTP and TCP probes; timings in seconds. */
export function HealthCheckFields({
  draft,
  fields,
  onChange,
}: {
  draft: HealthCheckDraft;
  fields: FieldErrors;
  onChange: (path: string, patch: Partial<HealthCheckDraft>) => void;
}) {
  const text = (path: string, key: keyof HealthCheckDraft, label: string, hint?: string) => (
    <TextField
      {...fields.at(path)}
      label={label}
      value={draft[key]}
      onChange={(value) => onChange(path, { [key]: value })}
      hint={hint}
      inputMode="decimal"
      autoComplete="off"
    />
  );
  return (
    <fieldset className="fieldset">
      <legend>Health check</legend>
      <div className="form-grid">
        <SelectField
          {...fields.at(serviceFields.healthKind)}
          label="Check"
          value={draft.kind}
          choices={kindChoices}
          onChange={(value) => isHealthKind(value) && onChange(serviceFields.healthKind, { kind: value })}
          hint="Unhealthy tasks leave DNS and the VIP"
        />
        {(draft.kind === 'http' || draft.kind === 'tcp') &&
          text(serviceFields.healthPort, 'port', 'Probe port', 'In the task, e.g. 80')}
        {draft.kind === 'http' && (
          <TextField
            {...fields.at(serviceFields.healthPath)}
            label="Path"
            value={draft.path}
            onChange={(value) => onChange(serviceFields.healthPath, { path: value })}
            placeholder="e.g. /health"
            kind="code"
          />
        )}
        {draft.kind === 'command' && (
          <TextField
            {...fields.at(serviceFields.healthCommand)}
            label="Command"
            value={draft.command}
            onChange={(value) => onChange(serviceFields.healthCommand, { command: value })}
            hint="Exit 0 is healthy"
            placeholder="e.g. curl -fs http://localhost/"
            kind="code"
          />
        )}
      </div>
      {draft.kind !== 'none' && (
        <div className="form-grid">
          {text(serviceFields.healthInterval, 'interval', 'Interval (s)')}
          {text(serviceFields.healthTimeout, 'timeout', 'Timeout (s)')}
          {text(serviceFields.healthRetries, 'retries', 'Retries', 'Failures in a row before unhealthy')}
          {text(
            serviceFields.healthStartPeriod,
            'startPeriod',
            'Start period (s)',
            'Failures then do not count',
          )}
        </div>
      )}
    </fieldset>
  );
}
