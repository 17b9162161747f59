import { useState, type FormEvent } from 'react';
import { LocalesMenuButton, useLogin, useTranslate } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';
import { endReason } from '../api/session';

/**
 * The login form. Says in the page why the agent is here: a wrong password, a locked account,
 * or a login that ended (the session expired, or was ended elsewhere).
 */
export function LoginPage() {
  const translate = useTranslate();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ended] = useState(endReason);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ username: email.trim(), password });
    } catch (failure) {
      const message = (failure as Error)?.message;
      setError(message?.startsWith('passerelle.') ? translate(message) : translate('passerelle.login.failed', { detail: message ?? '' }));
      setBusy(false);
    }
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'grey.100' }}>
      <Card sx={{ width: 400, maxWidth: '94vw' }}>
        <CardContent>
          <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography variant="h5" component="h1">
              Passerelle
            </Typography>
            <LocalesMenuButton />
          </Box>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('passerelle.login.subtitle')}
          </Typography>
          {ended === 'expired' && !error && (
            <Alert severity="warning" role="status" sx={{ mb: 2 }} data-testid="session-expired">
              {translate('passerelle.login.expired')}
            </Alert>
          )}
          {error && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }} data-testid="login-error">
              {error}
            </Alert>
          )}
          <form onSubmit={submit} noValidate aria-label={translate('passerelle.login.form')}>
            <TextField
              id="login-email"
              label={translate('passerelle.login.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              fullWidth
              required
              autoFocus
              margin="normal"
            />
            <TextField
              id="login-password"
              label={translate('passerelle.login.password')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              fullWidth
              required
              margin="normal"
            />
            <Button type="submit" variant="contained" fullWidth disabled={busy || !email || !password} sx={{ mt: 2 }}>
              {busy ? <CircularProgress size={22} color="inherit" /> : translate('passerelle.login.submit')}
            </Button>
          </form>
        </CardContent>
      </Card>
    </Box>
  );
}
