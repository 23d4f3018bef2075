import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { EventsTimeline } from './events-timeline';

export const metadata: Metadata = { title: 'Events' };

export default function EventsPage() {
  return (
    <>
      <PageHeader
        title="Events"
        summary="What changed, who changed it, and what the agents reported, newest first and live: nodes joining and going down, drift repaired, conditions failing and recovering, containers dying, and every change by a user."
      />
      <Suspense fallback={<p className="muted">Loading events…</p>}>
        <EventsTimeline />
      </Suspense>
    </>
  );
}
