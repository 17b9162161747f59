import polyglotI18nProvider from 'ra-i18n-polyglot';
import { enMessages } from './en';
import { frMessages } from './fr';

/** French by default; the agent switches with the language button (react-admin keeps the choice in its store). */
export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? enMessages : frMessages),
  'fr',
  [
    { locale: 'fr', name: 'Français' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: true },
);
