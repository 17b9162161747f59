import { Fragment, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, Table, TableBody, TableCell, TableRow, Tooltip } from '@mui/material';
import KeyboardIcon from '@mui/icons-material/Keyboard';

/** « g » then a letter: where it goes (README, "Keyboard shortcuts"). */
const GO_TO: Record<string, string> = { d: '/', i: '/dossiers', t: '/transmissions', e: '/students' };
/** How long after « g » its letter is awaited. */
const SEQUENCE_MS = 1500;

/** The page's search field: the list's « q » filter. */
const searchField = () => document.querySelector<HTMLInputElement>('input[name="q"]');

/** Typing in a field, a menu or another dialog: the keys are the user's, not shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  return target.closest('[role="dialog"], [role="menu"], [role="listbox"], [role="combobox"]') !== null;
}

/** Focuses the search field as soon as the page shows it (after a move to the inbox). */
function focusSearchWhenShown(until = Date.now() + 3000) {
  const field = searchField();
  if (field) {
    field.focus();
    field.select();
  } else if (Date.now() < until) {
    requestAnimationFrame(() => focusSearchWhenShown(until));
  }
}

/** The shortcuts, as the help lists them: keys (`key_…`: a key named in the agent's language), then what they do. */
const HELP: { keys: string[][]; label: string }[] = [
  { keys: [['/']], label: 'search' },
  { keys: [['g', 'i']], label: 'inbox' },
  { keys: [['g', 'd']], label: 'dashboard' },
  { keys: [['g', 't']], label: 'transmissions' },
  { keys: [['g', 'e']], label: 'students' },
  { keys: [['Tab'], ['↑'], ['↓']], label: 'rows' },
  { keys: [['key_enter']], label: 'open' },
  { keys: [['key_space']], label: 'select' },
  { keys: [['?']], label: 'help' },
];

function Keys({ keys }: { keys: string[][] }) {
  const translate = useTranslate();
  return (
    <>
      {keys.map((sequence, i) => (
        <Fragment key={i}>
          {i > 0 && ' '}
          {sequence.map((key, j) => (
            <Fragment key={j}>
              {j > 0 && ` ${translate('passerelle.shortcuts.then')} `}
              <Box
                component="kbd"
                sx={{ px: 0.75, py: 0.25, border: 1, borderColor: 'divider', borderRadius: 1, fontFamily: 'monospace', bgcolor: 'action.hover' }}
              >
                {key.startsWith('key_') ? translate(`passerelle.shortcuts.${key}`) : key}
              </Box>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </>
  );
}

/**
 * The keyboard shortcuts of every screen (« / » search, « g i » inbox…, « ? » this help), and
 * the app bar's button that lists them.
 */
export function Shortcuts() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const pendingG = useRef(0);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const afterG = Date.now() - pendingG.current < SEQUENCE_MS;
      pendingG.current = 0;
      const destination = afterG ? GO_TO[event.key] : undefined;
      if (destination) {
        event.preventDefault();
        void navigate(destination);
      } else if (event.key === 'g') {
        pendingG.current = Date.now();
      } else if (event.key === '/') {
        event.preventDefault();
        if (searchField()) focusSearchWhenShown();
        else {
          void navigate('/dossiers');
          focusSearchWhenShown();
        }
      } else if (event.key === '?') {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate]);
  return (
    <>
      <Tooltip title={translate('passerelle.shortcuts.title')}>
        <IconButton color="inherit" onClick={() => setOpen(true)} aria-label={translate('passerelle.shortcuts.title')} aria-keyshortcuts="?">
          <KeyboardIcon />
        </IconButton>
      </Tooltip>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
        <DialogTitle id="shortcuts-title">{translate('passerelle.shortcuts.title')}</DialogTitle>
        <DialogContent>
          <Table size="small">
            <TableBody>
              {HELP.map(({ keys, label }) => (
                <TableRow key={label}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Keys keys={keys} />
                  </TableCell>
                  <TableCell>{translate(`passerelle.shortcuts.${label}`)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
