import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';

const COLORS: Record<string, 'default' | 'info' | 'warning' | 'success' | 'primary' | 'error' | 'secondary'> = {
  received: 'info',
  incomplete: 'warning',
  verified: 'success',
  forwarded: 'primary',
  decided: 'secondary',
  closed: 'default',
};

export function StatusChip({ status, decision }: { status: string; decision?: string | null }) {
  const translate = useTranslate();
  const label = translate(`passerelle.status.${status}`) + (status === 'decided' && decision ? ` · ${translate(`passerelle.decision.${decision}`)}` : '');
  return <Chip size="small" color={COLORS[status] ?? 'default'} label={label} data-status={status} />;
}
