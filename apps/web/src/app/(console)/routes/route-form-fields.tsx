import type { ServiceView } from '@switchyard/contracts';
import { CheckboxField } from '../../../components/form/checkbox-field';
import { SelectField } from '../../../components/form/select-field';
import { TextField } from '../../../components/form/text-field';
import type { DraftForm } from '../../../components/form/use-draft-form';
import { routeFields, type RouteDraft } from './route-draft';

const protocolChoices = [
  { value: 'http', label: 'http: by the Host header, port 80' },
  { value: 'sni', label: 'sni: TLS passed through by its server name' },
];

const isProtocol = (value: string): value is RouteDraft['protocol'] => value === 'http' || value === 'sni';

/** The route's fields; the HTTP-only options are not offered for SNI, which never sees the request. */
export function RouteFormFields({
  form,
  services,
  serviceHint,
  onChooseService,
  onTypePort,
}: {
  form: DraftForm<RouteDraft>;
  services: readonly ServiceView[];
  serviceHint: string | undefined;
  onChooseService: (name: string) => void;
  onTypePort: () => void;
}) {
  const { draft } = form;
  const names = services.map((service) => service.spec.name).toSorted((a, b) => a.localeCompare(b));
  // A route whose service has gone keeps it listed, so the form shows what the route says.
  if (draft.service !== '' && !names.includes(draft.service)) names.unshift(draft.service);
  const serviceChoices = [
    { value: '', label: 'Choose a service' },
    ...names.map((name) => ({ value: name, label: name })),
  ];
  const port = form.text(routeFields.internalPort, 'internalPort');
  return (
    <>
      <div className="form-grid">
        <TextField
          {...form.text(routeFields.hostname, 'hostname')}
          label="Hostname"
          hint="As clients send it in Host (or SNI); *.example.com for a whole domain"
          placeholder="e.g. shop.example.com"
          kind="code"
          autoCapitalize="none"
        />
        <SelectField
          {...form.fields.at(routeFields.service)}
          label="Service"
          value={draft.service}
          choices={serviceChoices}
          onChange={onChooseService}
          hint={serviceHint}
        />
        <TextField
          {...port}
          onChange={(value) => {
            onTypePort();
            port.onChange(value);
          }}
          label="Internal port"
          hint="The port the tasks listen on"
          kind="number"
        />
        <SelectField
          {...form.choice(routeFields.protocol, 'protocol', isProtocol)}
          label="Protocol"
          choices={protocolChoices}
        />
      </div>
      {draft.protocol === 'http' && (
        <fieldset className="fieldset">
          <legend>HTTP options</legend>
          <div className="form-grid">
            <TextField
              {...form.text(routeFields.stickyCookie, 'stickyCookie')}
              label="Sticky cookie"
              hint="Optional: a cookie name that pins each client to one task"
              placeholder="e.g. SERVERID"
              kind="code"
            />
            <TextField
              {...form.text(routeFields.redirect, 'redirect')}
              label="Redirect URL"
              hint="Optional: answer every request with a redirect here instead"
              placeholder="e.g. https://shop.example.com"
              kind="code"
            />
          </div>
          <CheckboxField
            {...form.flag(routeFields.isDefault, 'isDefault')}
            label="Default route"
            hint="Also serve requests whose Host matches no route (one default at most)"
          />
        </fieldset>
      )}
    </>
  );
}
