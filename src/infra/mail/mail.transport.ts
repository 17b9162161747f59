import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { AppConfig } from '../../config/app-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic (one per e-mail, whatever the attempt): a resend after a crash carries the same id. */
  messageId: string;
  headers?: Record<string, string>;
  /** Where a student's reply goes: the office's contact address (the sender is not read). */
  replyTo?: string;
}

export interface MailReceipt {
  messageId: string;
  /** The server's answer (250 ...) or where the file was written. */
  response: string;
}

/**
 * How a failed send should be treated. Permanent: the server refused this message or this
 * recipient for good (5xx to RCPT TO or DATA); sending it again would fail again. Everything
 * else — no connection, a timeout, a 4xx, a 5xx to the greeting or to authentication (the
 * office's configuration, not the message) — is temporary and retried.
 */
export function classifySendFailure(error: unknown): { permanent: boolean; message: string } {
  const { responseCode, code, message, response } = error as { responseCode?: number; code?: string; message?: string; response?: string };
  const text = (response ?? message ?? String(error)).slice(0, 1000);
  const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && (code === 'EENVELOPE' || code === 'EMESSAGE');
  return { permanent, message: responseCode ? `${text}${text.includes(String(responseCode)) ? '' : ` (${responseCode})`}` : text };
}

/**
 * Sends e-mail: over SMTP (SMTP_URL, pooled connections), or — without SMTP_URL, outside
 * production — written as .eml files to MAIL_OUTBOX_DIR and logged, so a developer can read
 * what students would receive.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transporter: Transporter;
  private readonly toFiles: boolean;

  constructor(private readonly config: AppConfig) {
    this.toFiles = !config.SMTP_URL;
    this.transporter = config.SMTP_URL
      ? createTransport({
          url: config.SMTP_URL,
          pool: true,
          maxConnections: Math.max(1, Math.min(config.WORKER_CONCURRENCY, 10)),
          // short enough that a dead server is noticed and the e-mail retried, long enough for a slow one
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        })
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get description(): string {
    return this.toFiles ? `.eml files in ${resolve(this.config.MAIL_OUTBOX_DIR)}` : `SMTP ${new URL(this.config.SMTP_URL!).host}`;
  }

  async send(mail: OutgoingMail): Promise<MailReceipt> {
    const message = {
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: mail.headers,
      ...(mail.replyTo && { replyTo: mail.replyTo }),
    };
    if (!this.toFiles) {
      // Composed whole before it is sent: nodemailer streams a message it composes itself to the
      // socket part by part, a write (a system call) for each; one composed ahead goes in one.
      const composed = new MailComposer(message).compile();
      const raw = await composed.build();
      const info = (await this.transporter.sendMail({ envelope: composed.getEnvelope(), raw })) as { response?: string };
      return { messageId: composed.messageId(), response: String(info.response ?? '') };
    }
    const info = (await this.transporter.sendMail(message)) as { messageId: string; message?: Buffer };
    await mkdir(this.config.MAIL_OUTBOX_DIR, { recursive: true });
    const written = new Date(); // the file name sorts the folder in the order the files were written: the wall clock's time
    const file = join(this.config.MAIL_OUTBOX_DIR, `${written.toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^A-Za-z0-9@.-]/g, '')}.eml`);
    await writeFile(file, info.message!);
    this.logger.log({ to: mail.to, subject: mail.subject, file }, `E-mail written to ${file} (no SMTP_URL)`);
    return { messageId: info.messageId, response: `written to ${file}` };
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
