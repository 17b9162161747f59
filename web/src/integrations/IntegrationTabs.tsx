import { Box, Tab, Tabs, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { CreateButton, useTranslate } from 'react-admin';
import { SENTENCE_CASE } from '../dossiers/DocumentItem';

/** The admins' integrations: API keys and webhook subscriptions, one tab each, above their lists. */
export function IntegrationTabs({ current }: { current: 'apiKeys' | 'webhooks' }) {
  const translate = useTranslate();
  return (
    <Tabs value={current} aria-label={translate('passerelle.integrations.tabs')} sx={{ mt: 1 }}>
      <Tab value="apiKeys" label={translate('passerelle.integrations.api_keys')} component={Link} to="/apiKeys" sx={SENTENCE_CASE} data-testid="tab-api-keys" />
      <Tab
        value="webhooks"
        label={translate('passerelle.integrations.webhooks')}
        component={Link}
        to="/webhooks"
        sx={SENTENCE_CASE}
        data-testid="tab-webhooks"
      />
    </Tabs>
  );
}

/** An empty list of the integrations: what it holds, and its create button (react-admin's own would not say what to create). */
export function IntegrationEmpty({ resource, create, testId }: { resource: 'apiKeys' | 'webhooks'; create: string; testId: string }) {
  const translate = useTranslate();
  return (
    <Box sx={{ py: 4, textAlign: 'center' }} data-testid={`${testId}-empty`}>
      <Typography variant="h6" component="p">
        {translate(`resources.${resource}.empty`)}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(`resources.${resource}.invite`)}
      </Typography>
      <CreateButton variant="contained" label={create} data-testid={testId} />
    </Box>
  );
}

/** Read by screen readers, not shown (MUI's visuallyHidden, without depending on @mui/utils). */
const VISUALLY_HIDDEN = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

/** A column's name for screen readers only (a column of buttons, which need no visible heading). */
export function HiddenLabel({ text }: { text: string }) {
  return (
    <Box component="span" sx={VISUALLY_HIDDEN}>
      {text}
    </Box>
  );
}
