import { defaultTheme } from 'react-admin';
import type { RaThemeOptions } from 'react-admin';

/** react-admin's default theme, a little denser: an agent's day is lists and forms. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: { primary: { main: '#1d4e89' }, secondary: { main: '#0f6b5c' } },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
  components: {
    ...defaultTheme.components,
    MuiTextField: { defaultProps: { variant: 'outlined', size: 'small' } },
    MuiFormControl: { defaultProps: { variant: 'outlined', size: 'small' } },
  },
};
