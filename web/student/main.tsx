import { createRoot } from 'react-dom/client';
import { StudentApp } from './StudentApp';
import './student.css';

/** A link's token: 32 random bytes in base64url (43 characters). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The e-mail's link is /s/#<token>: the token is read once and taken out of the address at once,
 * before anything else runs, so that it stays neither in the history nor on the screen (the
 * fragment never reaches a server, logs or a Referer). Anything else after # (the agents' preview
 * of an e-mail shows #lien-personnel) is no token.
 */
function takeToken(): string | null {
  const fragment = window.location.hash.replace(/^#/, '');
  if (window.location.hash || window.location.pathname !== '/s/') history.replaceState(null, '', '/s/');
  return TOKEN.test(fragment) ? fragment : null;
}

createRoot(document.getElementById('root')!).render(<StudentApp token={takeToken()} />);
