import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { ImagesTable } from './images-table';
import { LoadImagePanel } from './load-image-panel';

export const metadata: Metadata = { title: 'Images' };

export default function ImagesPage() {
  return (
    <>
      <PageHeader
        title="Images"
        summary="The images containers run: the built-in ones of the process runtime and every archive loaded or pulled for containerd, with the hosts that hold each."
      />
      <LoadImagePanel />
      <ImagesTable />
    </>
  );
}
