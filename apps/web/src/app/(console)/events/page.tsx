import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { EventsTimeline } from './events-timeline';

export const metadata: Metadata = { title: 'Events' };

export default function EventsPage() {
  return (
    <>
      <PageHeader
        title="Events"
        summary="What happened, newest first: nodes joining and leaving, drift repaired, sign-ins and changes by users."
      />
      <EventsTimeline />
    </>
  );
}
