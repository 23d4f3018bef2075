import type { RouteView } from '@switchyard/contracts';
import { routeOptionTitles } from '../../../lib/badges/explain';

type Options = Pick<RouteView, 'stickyCookie' | 'redirect' | 'isDefault'>;

type OptionKey = keyof typeof routeOptionTitles;

function optionTags(route: Options): { key: OptionKey; text: string }[] {
  const tags: { key: OptionKey; text: string }[] = [];
  if (route.stickyCookie) tags.push({ key: 'sticky', text: `sticky: ${route.stickyCookie}` });
  if (route.redirect) tags.push({ key: 'redirect', text: `redirect → ${route.redirect}` });
  if (route.isDefault) tags.push({ key: 'default', text: 'default route' });
  return tags;
}

/** Sticky cookie, redirect and default-route flags as tags; a dash when the route is plain. */
export function RouteOptions({ route }: { route: Options }) {
  const tags = optionTags(route);
  if (tags.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="chips">
      {tags.map((tag) => (
        <li key={tag.key} className="chip route-option" title={routeOptionTitles[tag.key]}>
          {tag.text}
        </li>
      ))}
    </ul>
  );
}
