import { useEffect, type ReactNode } from 'react';
import {
  AppBar,
  Layout,
  LocalesMenuButton,
  Menu,
  TitlePortal,
  UserMenu,
  useGetIdentity,
  useLocale,
  useLogout,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { SESSION_ENDED_EVENT } from '../api/http';
import DashboardIcon from '@mui/icons-material/SpaceDashboard';
import FolderIcon from '@mui/icons-material/FolderOpen';
import SendIcon from '@mui/icons-material/Send';
import SchoolIcon from '@mui/icons-material/School';
import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import BadgeIcon from '@mui/icons-material/Badge';
import HubIcon from '@mui/icons-material/Hub';
import type { SessionAgent } from '../api/session';
import { Shortcuts } from './Shortcuts';

function AppMenu() {
  const translate = useTranslate();
  const { permissions } = usePermissions<SessionAgent | null>();
  return (
    <Menu>
      <Menu.Item to="/" primaryText={translate('passerelle.menu.dashboard')} leftIcon={<DashboardIcon />} />
      <Menu.Item to="/dossiers" primaryText={translate('resources.dossiers.name', { smart_count: 2 })} leftIcon={<FolderIcon />} />
      <Menu.Item to="/transmissions" primaryText={translate('resources.transmissions.name', { smart_count: 2 })} leftIcon={<SendIcon />} />
      <Menu.Item to="/students" primaryText={translate('resources.students.name', { smart_count: 2 })} leftIcon={<SchoolIcon />} />
      <Menu.Item to="/institutions" primaryText={translate('resources.institutions.name', { smart_count: 2 })} leftIcon={<AccountBalanceIcon />} />
      <Menu.Item to="/procedures" primaryText={translate('passerelle.menu.catalog')} leftIcon={<MenuBookIcon />} />
      {permissions?.role === 'admin' && (
        <Menu.Item to="/agents" primaryText={translate('resources.agents.name', { smart_count: 2 })} leftIcon={<BadgeIcon />} />
      )}
      {permissions?.role === 'admin' && (
        <Menu.Item to="/apiKeys" primaryText={translate('passerelle.menu.integrations')} leftIcon={<HubIcon />} data-testid="menu-integrations" />
      )}
    </Menu>
  );
}

/** The account menu, named by what it shows (the agent's name) and then what it is (axe: label-content-name-mismatch). */
function AccountMenu() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ? `${identity.fullName} — ${translate('ra.auth.user_menu')}` : 'ra.auth.user_menu'} />;
}

function AppTopBar() {
  return (
    <AppBar
      userMenu={<AccountMenu />}
      toolbar={
        <>
          <Shortcuts />
          <LocalesMenuButton />
        </>
      }
    >
      {/* the screen's title (react-admin's <Title>) is its heading: one h1 on every screen, the cards' h2 under it */}
      <TitlePortal component="h1" />
    </AppBar>
  );
}

/** When the login ends under any screen (a refresh refused), go to the login page, which says why. */
function useSessionEndedRedirect() {
  const logout = useLogout();
  useEffect(() => {
    const onEnded = () => void logout({}, '/login', true);
    window.addEventListener(SESSION_ENDED_EVENT, onEnded);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, onEnded);
  }, [logout]);
}

/** The page says which language it is in (screen readers, spelling, hyphenation): the agent's choice, not index.html's French. */
function useDocumentLanguage() {
  const locale = useLocale();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
}

export function AppLayout({ children }: { children: ReactNode }) {
  useSessionEndedRedirect();
  useDocumentLanguage();
  return (
    <Layout menu={AppMenu} appBar={AppTopBar}>
      {children}
    </Layout>
  );
}
