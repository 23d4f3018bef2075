import { useId } from 'react';
import { rangePresets, type RangePreset, type TimelineFilter } from '../../../lib/events/timeline-filter';

const presetNames: Record<RangePreset, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  all: 'Any time',
  custom: 'Between…',
};

type Range = Pick<TimelineFilter, 'range' | 'from' | 'to'>;

/** A preset window, or from and to (either may stay open). */
export function TimeRangeFilter({ value, onChange }: { value: Range; onChange: (value: Range) => void }) {
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-range`}>Time</label>
        <select
          id={`${id}-range`}
          value={value.range}
          onChange={(event) => {
            const range = rangePresets.find((preset) => preset === event.target.value);
            if (range !== undefined) onChange({ ...value, range });
          }}
        >
          {rangePresets.map((preset) => (
            <option key={preset} value={preset}>
              {presetNames[preset]}
            </option>
          ))}
        </select>
      </div>
      {value.range === 'custom' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input
              id={`${id}-from`}
              type="datetime-local"
              value={value.from}
              max={value.to || undefined}
              onChange={(event) => onChange({ ...value, from: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To</label>
            <input
              id={`${id}-to`}
              type="datetime-local"
              value={value.to}
              min={value.from || undefined}
              onChange={(event) => onChange({ ...value, to: event.target.value })}
            />
          </div>
        </>
      )}
    </>
  );
}
