import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import type { Transmission } from '../dossiers/types';

/**
 * Opens the printable slip in a window of its own, from a one-time link: the page holds no
 * token, runs no script and shares nothing with the app (its policy gives it an opaque origin).
 */
export async function openSlip(dataProvider: PasserelleDataProvider, transmission: Transmission) {
  // opened at the click (browsers block a window opened after an await), cut from this page, then sent to the link
  const popup = window.open('', '_blank');
  if (popup) popup.opener = null;
  try {
    const link = realRecord((await dataProvider.slipLink(transmission.id)).data);
    // no link: react-admin's answer to a call that ended the login (the app is going to the login page)
    if (!link) popup?.close();
    else if (popup) popup.location.href = link.url;
    else window.open(link.url, '_blank', 'noopener,noreferrer');
  } catch (error) {
    popup?.close();
    throw error;
  }
}

export async function downloadCsv(dataProvider: PasserelleDataProvider, transmission: Transmission) {
  const { data: blob } = await dataProvider.getFile(transmission.slip.csv);
  // not a file: react-admin's answer to a call that ended the login
  if (!(blob instanceof Blob)) return;
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = `${transmission.reference}.csv`;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
