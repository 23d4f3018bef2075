import type { ServiceView } from '@switchyard/contracts';

/** A labelled bar; the numbers are also its text, so it reads without colour. */
function ProgressBar({
  label,
  value,
  max,
  text,
  testId,
}: {
  label: string;
  value: number;
  max: number;
  text: string;
  testId: string;
}) {
  const percent = max === 0 ? 100 : Math.min(100, Math.round((value / max) * 100));
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress-label">
        <span>{label}</span>
        <span className="mono" data-testid={`${testId}-text`}>
          {text}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(value, max)}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/**
 * Where the service stands: tasks running out of desired, and the rolling update (Docker's
 * UpdateStatus) while one runs or after the last one.
 */
export function RolloutProgress({ service }: { service: ServiceView }) {
  const { updateStatus } = service;
  return (
    <div className="rollout" aria-live="polite">
      <ProgressBar
        label="Tasks running"
        value={service.running}
        max={service.desired}
        text={`${service.running}/${service.desired}`}
        testId="service-running"
      />
      {updateStatus && (
        <ProgressBar
          label={`Rollout: ${updateStatus.state.replace('_', ' ')}`}
          value={updateStatus.done}
          max={updateStatus.total}
          text={`${updateStatus.done}/${updateStatus.total}`}
          testId="service-rollout"
        />
      )}
      {updateStatus?.message && <p className="subtle">{updateStatus.message}</p>}
    </div>
  );
}
