import { defaultTheme } from 'react-admin';
import type { RaThemeOptions } from 'react-admin';
import type { Theme } from '@mui/material/styles';
import { grey } from '@mui/material/colors';

/**
 * react-admin's default theme, a little denser: an agent's day is lists and forms. A narrower
 * menu leaves the lists their columns at 1280 px; a list's toolbar wraps under its filters
 * rather than pushing its buttons (« Créer ») out of the page.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  sidebar: { width: 200, closedWidth: 55 },
  // info, warning and error a shade darker than MUI's, so that white on them (chips, buttons) and they on white are
  // readable (WCAG AA, 4.5:1, axe-core): 4.8:1, 5:1 and 5.6:1
  palette: {
    primary: { main: '#1d4e89' },
    secondary: { main: '#0f6b5c' },
    info: { main: '#0277bd' },
    warning: { main: '#b45309' },
    error: { main: '#c62828' },
  },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
  components: {
    ...defaultTheme.components,
    MuiTextField: { defaultProps: { variant: 'outlined', size: 'small' } },
    MuiFormControl: { defaultProps: { variant: 'outlined', size: 'small' } },
    // the filters take the room left beside the buttons (their inputs wrap), the buttons never shrink
    RaListToolbar: { styleOverrides: { root: { flexWrap: 'wrap' } } },
    RaFilterForm: { styleOverrides: { root: ({ theme }: { theme: Theme }) => ({ [theme.breakpoints.up('md')]: { flex: '1 1 0' } }) } },
    RaTopToolbar: { styleOverrides: { root: { flexShrink: 0, marginLeft: 'auto' } } },
    // a form's toolbar a light grey rather than react-admin's grey[300], on which « Supprimer » in red was 3.8:1
    RaToolbar: { styleOverrides: { root: { backgroundColor: grey[100] } } },
  },
};
