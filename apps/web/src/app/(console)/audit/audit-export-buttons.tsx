'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { eventsToCsv, eventsToJson, exportFileName } from '../../../lib/events/audit-export';
import type { EventsInput } from '../../../lib/events/timeline-filter';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';

type Format = 'csv' | 'json';

const mimeTypes: Record<Format, string> = { csv: 'text/csv;charset=utf-8', json: 'application/json' };

function download(text: string, format: Format): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeTypes[format] }));
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName('audit', format, new Date());
  link.click();
  URL.revokeObjectURL(url);
}

/** Downloads everything the current filters match (not only the rows shown), oldest first. */
export function AuditExportButtons({ input }: { input: EventsInput }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ busy: Format | null; message: string | null; failed: boolean }>({
    busy: null,
    message: null,
    failed: false,
  });

  async function run(format: Format) {
    setState({ busy: format, message: null, failed: false });
    try {
      const exported = await queryClient.fetchQuery({
        ...trpc.events.export.queryOptions(input),
        staleTime: 0,
      });
      download(format === 'csv' ? eventsToCsv(exported.events) : eventsToJson(exported.events), format);
      const count = `${exported.events.length} ${exported.events.length === 1 ? 'entry' : 'entries'}`;
      setState({
        busy: null,
        message: exported.truncated
          ? `Exported the latest ${count}; narrow the filters for older ones`
          : `Exported ${count}`,
        failed: false,
      });
    } catch (error) {
      setState({ busy: null, message: `Export failed: ${errorMessage(error)}`, failed: true });
    }
  }

  return (
    <span className="actions">
      <button className="button" type="button" disabled={state.busy !== null} onClick={() => void run('csv')}>
        {state.busy === 'csv' ? 'Exporting…' : 'Export CSV'}
      </button>
      <button
        className="button"
        type="button"
        disabled={state.busy !== null}
        onClick={() => void run('json')}
      >
        {state.busy === 'json' ? 'Exporting…' : 'Export JSON'}
      </button>
      <span className={state.failed ? 'form-error' : 'muted'} role="status" data-testid="audit-export-status">
        {state.message}
      </span>
    </span>
  );
}
