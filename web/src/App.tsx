import { Admin, Resource } from 'react-admin';
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api/http';
import { dataProvider } from './api/dataProvider';
import { authProvider } from './auth/authProvider';
import { LoginPage } from './auth/LoginPage';
import { i18nProvider } from './i18n/i18nProvider';
import { AppLayout } from './layout/AppLayout';
import { theme } from './layout/theme';
import { Dashboard } from './dashboard/Dashboard';
import { DossierCreate, DossierList } from './dossiers/DossierList';
import { DossierShow } from './dossiers/DossierShow';
import { TransmissionCreate, TransmissionList, TransmissionShow } from './transmissions/Transmissions';
import { StudentCreate, StudentEdit, StudentList, StudentShow } from './students/Students';
import { InstitutionCreate, InstitutionEdit, InstitutionList } from './institutions/Institutions';
import { ProcedureList, ProcedureShow } from './catalog/Catalog';
import { AgentCreate, AgentEdit, AgentList } from './agents/Agents';
import { ApiKeyCreate, ApiKeyList } from './integrations/ApiKeys';
import { WebhookCreate, WebhookList } from './integrations/Webhooks';
import { WebhookShow } from './integrations/WebhookShow';

/** A refusal (4xx) is the answer, not a hiccup: only network failures and 5xx are tried again. */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2, refetchOnWindowFocus: false },
  },
});

/** The agents' web app: every screen over the REST API at /api, as any client would use it. */
export function App() {
  return (
    <Admin
      title="Passerelle"
      dataProvider={dataProvider}
      queryClient={queryClient}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      loginPage={LoginPage}
      layout={AppLayout}
      dashboard={Dashboard}
      theme={theme}
      disableTelemetry
    >
      <Resource name="dossiers" list={DossierList} show={DossierShow} create={DossierCreate} recordRepresentation="reference" />
      <Resource name="transmissions" list={TransmissionList} show={TransmissionShow} create={TransmissionCreate} recordRepresentation="reference" />
      <Resource
        name="students"
        list={StudentList}
        show={StudentShow}
        edit={StudentEdit}
        create={StudentCreate}
        recordRepresentation={(s: { birthName: string; usageName?: string | null; firstNames: string }) => `${s.usageName ?? s.birthName} ${s.firstNames}`}
      />
      <Resource name="institutions" list={InstitutionList} edit={InstitutionEdit} create={InstitutionCreate} recordRepresentation="name" />
      <Resource name="procedures" list={ProcedureList} show={ProcedureShow} recordRepresentation="code" />
      <Resource name="agents" list={AgentList} edit={AgentEdit} create={AgentCreate} recordRepresentation="displayName" />
      <Resource name="apiKeys" list={ApiKeyList} create={ApiKeyCreate} recordRepresentation="name" />
      <Resource name="webhooks" list={WebhookList} show={WebhookShow} create={WebhookCreate} recordRepresentation="url" />
    </Admin>
  );
}
