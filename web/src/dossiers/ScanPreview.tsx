import { useEffect, useRef } from 'react';
import { useDataProvider, useLocale, useTranslate } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { formatBytes } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { downloadName, previewKind } from './documentWords';
import type { DocumentFile } from './types';

/** What a preview reads of a file: a scan of a document, or a file attached to a message. */
type PreviewedFile = Pick<DocumentFile, 'id' | 'originalName' | 'contentType' | 'sizeBytes' | 'url'>;

/**
 * A scan (or a message's attachment) shown inside the dossier page: a PDF in a frame, an image as an image, read through the
 * data provider (with the agent's token) into a blob: URL that lives as long as the dialog. The
 * blob is typed by the page, not by the answer — a PDF or an image only, so that nothing else
 * can ever render here — and the file downloads under its kind and its own name.
 */
export function ScanPreview({ file, kindName, onClose }: { file: PreviewedFile; kindName: string; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const kind = previewKind(file.contentType);
  const scan = useQuery({
    queryKey: ['scan', file.id],
    queryFn: async () => (await dataProvider.getFile(file.url)).data,
    // read each time the dialog opens: a scan downloaded is an export the audit records
    gcTime: 0,
    staleTime: 0,
  });
  const loaded = scan.data instanceof Blob ? scan.data : null;
  // the blob: URL is the page's to make and to drop: set on the elements once they are there, revoked with them
  const frame = useRef<HTMLIFrameElement & HTMLImageElement>(null);
  const download = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (!loaded) return;
    const type = kind === 'pdf' ? 'application/pdf' : kind === 'image' ? file.contentType : 'application/octet-stream';
    const url = URL.createObjectURL(new Blob([loaded], { type }));
    // Chromium's PDF viewer: no pane of thumbnails (a scan has a page or three), the page as wide as the frame
    if (frame.current) frame.current.src = kind === 'pdf' ? `${url}#navpanes=0&view=FitH` : url;
    if (download.current) download.current.href = url;
    return () => URL.revokeObjectURL(url);
  }, [loaded, kind, file.contentType]);
  const name = downloadName(kindName, file.originalName);
  const title = `${kindName} — ${file.originalName}`;
  return (
    <Dialog open onClose={onClose} aria-labelledby="scan-title" fullWidth maxWidth="lg" data-testid="scan-preview">
      <DialogTitle id="scan-title">
        {title}
        <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
          ({formatBytes(file.sizeBytes, locale)})
        </Typography>
      </DialogTitle>
      <DialogContent sx={{ height: '68vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'grey.100', p: 1 }}>
        <ProblemAlert error={scan.error} />
        {!loaded && !scan.error && <CircularProgress />}
        {loaded && kind === 'pdf' && (
          <Box component="iframe" ref={frame} title={title} data-testid="scan-frame" sx={{ width: '100%', height: '100%', border: 0, bgcolor: 'white' }} />
        )}
        {loaded && kind === 'image' && (
          <Box component="img" ref={frame} alt={title} data-testid="scan-image" sx={{ maxWidth: '100%', maxHeight: '100%', objectFit: 'contain' }} />
        )}
        {loaded && !kind && (
          <Typography variant="body2" data-testid="scan-no-preview">
            {translate('passerelle.documents.no_preview', { type: file.contentType.split('/')[1]?.toUpperCase() ?? file.contentType })}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button
          component="a"
          ref={download}
          download={name}
          disabled={!loaded}
          startIcon={<DownloadIcon />}
          data-testid="scan-download"
          sx={{ textTransform: 'none' }}
        >
          {translate('passerelle.documents.download', { name })}
        </Button>
        <Button onClick={onClose} variant="contained" sx={{ textTransform: 'none' }}>
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
