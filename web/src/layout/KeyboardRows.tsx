import { forwardRef, useEffect, useRef, type KeyboardEvent } from 'react';
import {
  DataTableBody,
  DataTableRow,
  useGetRecordRepresentation,
  useRecordContext,
  useResourceContext,
  useTranslate,
  type DataTableBodyProps,
  type DataTableRowProps,
} from 'react-admin';

/** The row to move to from `row` with this key, or none (↑ ↓, Home, End). */
function rowFor(row: HTMLTableRowElement, key: string): Element | null {
  const body = row.parentElement;
  if (key === 'ArrowDown') return row.nextElementSibling;
  if (key === 'ArrowUp') return row.previousElementSibling;
  if (key === 'Home') return body?.firstElementChild ?? null;
  if (key === 'End') return body?.lastElementChild ?? null;
  return null;
}

/**
 * A list row the keyboard reaches: Tab stops on it, ↑ ↓ (Home, End) move between rows, Enter
 * opens it (the row's click: react-admin's rowClick), Space ticks it when the list selects rows.
 * Keys pressed inside the row (its checkbox, a link) are theirs.
 */
export const KeyboardRow = forwardRef<HTMLTableRowElement, DataTableRowProps>(function KeyboardRow(props, ref) {
  const own = useRef<HTMLTableRowElement | null>(null);
  const label = useSelectLabel();
  useEffect(() => {
    // react-admin labels its row checkbox on the wrong element (the span around the input: axe's
    // « label » and « aria-prohibited-attr »): the input is named after the row instead
    const input = own.current?.querySelector<HTMLInputElement>('td.MuiTableCell-paddingCheckbox input[type="checkbox"]');
    if (!input) return;
    input.setAttribute('aria-label', label);
    input.parentElement?.removeAttribute('aria-label');
  });
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    const row = event.currentTarget;
    if (event.target !== row || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      row.click();
      return;
    }
    if (event.key === ' ') {
      const checkbox = row.querySelector<HTMLInputElement>('input[type="checkbox"]');
      if (!checkbox) return;
      event.preventDefault();
      checkbox.click();
      return;
    }
    const next = rowFor(row, event.key);
    if (next instanceof HTMLElement) {
      event.preventDefault();
      next.focus();
    }
  };
  const setRef = (node: HTMLTableRowElement | null) => {
    own.current = node;
    if (typeof ref === 'function') ref(node);
    else if (ref) ref.current = node;
  };
  return <DataTableRow ref={setRef} {...props} tabIndex={0} onKeyDown={onKeyDown} />;
});

/** « Sélectionner CMI-2026-000123 »: the row's checkbox, named after its record. */
function useSelectLabel(): string {
  const translate = useTranslate();
  const record = useRecordContext();
  const represent = useGetRecordRepresentation(useResourceContext());
  const name = record ? represent(record) : '';
  return translate('passerelle.inbox.select_row', { name: typeof name === 'string' ? name : String(record?.id ?? '') });
}

/** A DataTable body whose rows the keyboard reaches (`<DataTable body={KeyboardRowsBody}>`). */
export function KeyboardRowsBody(props: DataTableBodyProps) {
  return (
    <DataTableBody
      {...props}
      row={KeyboardRow}
      sx={{ '& > tr:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: '-2px' } }}
    />
  );
}
