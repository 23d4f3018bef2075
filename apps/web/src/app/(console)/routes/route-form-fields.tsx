import type { ServiceView } from '@switchyard/contracts';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { SelectField } from '../../../components/form/select-field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { routeFields, type RouteDraft } from './route-draft';

const protocolChoices = [
  { value: 'http', label: 'http: by the Host header, port 80' },
  { value: 'sni', label: 'sni: TLS passed through by its server name' },
];

const isProtocol = (value: string): value is RouteDraft['protocol'] => value === 'http' || value === 'sni';

/** The route's fields; the HTTP-only options are not offered for SNI, which never sees the request. */
export function RouteFormFields({
  draft,
  fields,
  services,
  serviceHint,
  onEdit,
  onChooseService,
  onTypePort,
}: {
  draft: RouteDraft;
  fields: FieldErrors;
  services: readonly ServiceView[];
  serviceHint: string | undefined;
  onEdit: (path: string, patch: Partial<RouteDraft>) => void;
  onChooseService: (name: string) => void;
  onTypePort: () => void;
}) {
  const names = services.map((service) => service.spec.name).toSorted((a, b) => a.localeCompare(b));
  // A route whose service has gone keeps it listed, so the form shows what the route says.
  if (draft.service !== '' && !names.includes(draft.service)) names.unshift(draft.service);
  const serviceChoices = [
    { value: '', label: 'Choose a service' },
    ...names.map((name) => ({ value: name, label: name })),
  ];
  return (
    <>
      <div className="form-grid">
        <TextField
          id={fields.id(routeFields.hostname)}
          label="Hostname"
          value={draft.hostname}
          onChange={(value) => onEdit(routeFields.hostname, { hostname: value })}
          error={fields.errorFor(routeFields.hostname)}
          hint="As clients send it in Host (or SNI); *.example.com for a whole domain"
          placeholder="foo.example.com"
          mono
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="none"
        />
        <SelectField
          id={fields.id(routeFields.service)}
          label="Service"
          value={draft.service}
          choices={serviceChoices}
          onChange={onChooseService}
          error={fields.errorFor(routeFields.service)}
          hint={serviceHint}
        />
        <TextField
          id={fields.id(routeFields.internalPort)}
          label="Internal port"
          value={draft.internalPort}
          onChange={(value) => {
            onTypePort();
            onEdit(routeFields.internalPort, { internalPort: value });
          }}
          error={fields.errorFor(routeFields.internalPort)}
          hint="The port the tasks listen on"
          inputMode="numeric"
          autoComplete="off"
        />
        <SelectField
          id={fields.id(routeFields.protocol)}
          label="Protocol"
          value={draft.protocol}
          choices={protocolChoices}
          onChange={(value) => isProtocol(value) && onEdit(routeFields.protocol, { protocol: value })}
          error={fields.errorFor(routeFields.protocol)}
        />
      </div>
      {draft.protocol === 'http' && (
        <fieldset className="fieldset">
          <legend>HTTP options</legend>
          <div className="form-grid">
            <TextField
              id={fields.id(routeFields.stickyCookie)}
              label="Sticky cookie"
              value={draft.stickyCookie}
              onChange={(value) => onEdit(routeFields.stickyCookie, { stickyCookie: value })}
              error={fields.errorFor(routeFields.stickyCookie)}
              hint="Optional: a cookie name that pins each client to one task"
              placeholder="SERVERID"
              mono
              spellCheck={false}
              autoComplete="off"
            />
            <TextField
              id={fields.id(routeFields.redirect)}
              label="Redirect URL"
              value={draft.redirect}
              onChange={(value) => onEdit(routeFields.redirect, { redirect: value })}
              error={fields.errorFor(routeFields.redirect)}
              hint="Optional: answer every request with a redirect here instead"
              placeholder="https://foo.example.com"
              mono
              spellCheck={false}
              autoComplete="off"
            />
          </div>
          <CheckboxField
            id={fields.id(routeFields.isDefault)}
            label="Default route"
            checked={draft.isDefault}
            onChange={(checked) => onEdit(routeFields.isDefault, { isDefault: checked })}
            error={fields.errorFor(routeFields.isDefault)}
            hint="Also serve requests whose Host matches no route (one default at most)"
          />
        </fieldset>
      )}
    </>
  );
}
