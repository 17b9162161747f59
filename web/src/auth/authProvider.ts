import type { AuthProvider } from 'react-admin';
import { answer, anonymousClient, ApiError, client } from '../api/http';
import { clearSession, readSession, saveTokens, type TokensResponse } from '../api/session';

/**
 * Logins over POST /api/auth/login; logout ends the login on the server too. A 401 from any
 * call (after the API client tried to refresh) means the login is over: react-admin goes to
 * the login page, which says the session expired. A 403 is not a logout: the page says
 * what the role does not allow.
 */
export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    try {
      saveTokens(await answer<TokensResponse>(anonymousClient.POST('/api/auth/login', { body: { email: username, password } })));
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.problem.type?.endsWith('/wrong-credentials')) throw new Error('passerelle.login.wrong_credentials', { cause: error });
        if (error.status === 429) throw new Error('passerelle.login.locked', { cause: error });
        if (error.status === 400) throw new Error('passerelle.login.invalid', { cause: error });
      }
      throw error;
    }
  },
  async logout() {
    if (readSession()) {
      await answer(client.POST('/api/auth/logout')).catch(() => undefined);
    }
    clearSession();
  },
  async checkAuth() {
    if (!readSession()) throw { message: false };
  },
  async checkError(error: unknown) {
    const status = (error as { status?: number })?.status;
    if (status === 401) {
      clearSession('expired');
      throw { message: 'passerelle.login.expired', redirectTo: '/login' };
    }
  },
  async getIdentity() {
    const session = readSession();
    if (!session) throw new Error('not logged in');
    return { id: session.agent.id, fullName: session.agent.displayName, email: session.agent.email, role: session.agent.role };
  },
  async getPermissions() {
    return readSession()?.agent ?? null;
  },
};
