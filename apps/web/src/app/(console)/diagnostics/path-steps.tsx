import type { PathCheckResult, StepStatus } from '@switchyard/contracts';
import { splitFix } from './step-fix';

const marks: Record<StepStatus, string> = { ok: '✓', broken: '✗', skipped: '–' };

/** A step's sentence, with the command that fixes it (when it names one) as code of its own. */
function StepMessage({ message }: { message: string }) {
  const { text, fix } = splitFix(message);
  return (
    <div className="diag-step-message">
      {text}
      {fix !== null && (
        <>
          {' '}
          <code className="diag-fix">{fix}</code>
        </>
      )}
    </div>
  );
}

/** The path, hop by hop: where it holds, where it breaks, and what each hop ran or read. */
export function PathSteps({ result }: { result: PathCheckResult }) {
  const broken = result.steps.find((step) => step.id === result.brokenAt);
  return (
    <div className="diag-result" data-testid="path-result" data-ok={result.ok}>
      <p className="diag-verdict" role="status" data-ok={result.ok}>
        {result.ok ? (
          <>
            The path from <strong>{result.from}</strong> to <strong>{result.to}</strong> works: every step
            passed.
          </>
        ) : (
          <>
            The path from <strong>{result.from}</strong> to <strong>{result.to}</strong> breaks at{' '}
            <strong>{broken?.title}</strong>: {broken?.message}
          </>
        )}
        <span className="subtle"> ({result.durationMs} ms)</span>
      </p>
      <ol className="diag-steps">
        {result.steps.map((step) => (
          <li
            key={step.id}
            className="diag-step"
            data-testid={`path-step-${step.id}`}
            data-status={step.status}
          >
            <span className="diag-mark" data-status={step.status} aria-label={step.status}>
              {marks[step.status]}
            </span>
            <div className="diag-step-body">
              <div className="diag-step-title">{step.title}</div>
              <StepMessage message={step.message} />
              {step.detail !== null && (
                <details className="diag-detail">
                  <summary>What ran and what it said</summary>
                  <pre>{step.detail}</pre>
                </details>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
