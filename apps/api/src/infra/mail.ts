// Outgoing mail through an outbox: a use case enqueues its mail in its own transaction, and
// the dispatcher sends pending mail afterwards (right after commit and on the `mail.flush` schedule, see background.ts), so a mail is
// never sent for a change that rolled back, and is retried when the transport fails.

import type { Db, Executor } from '@crossdock/db/client';
import { mailOutbox } from '@crossdock/db/schema';
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  template: string;
}

export interface MailTransport {
  readonly name: string;
  send(message: MailMessage): Promise<void>;
}

/** Demo mode: mail is written to the log, where the operator can read reset links. */
export function logTransport(logger: Logger): MailTransport {
  return {
    name: 'log',
    async send(message) {
      logger.info(
        { mail: { to: message.to, subject: message.subject, template: message.template } },
        message.text,
      );
    },
  };
}

export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(message) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

const MAX_ATTEMPTS = 8;

export interface Mailer {
  enqueue(tx: Executor, message: MailMessage): Promise<void>;
  /** Sends what is pending now; resolves when done. Safe to call from several processes. */
  flush(): Promise<number>;
}

export function createMailer(db: Db, transport: MailTransport, logger: Logger): Mailer {
  let running: Promise<number> | undefined;

  async function sendBatch(): Promise<number> {
    let sent = 0;
    for (;;) {
      const delivered = await db.transaction(async (tx) => {
        const [mail] = await tx
          .select()
          .from(mailOutbox)
          .where(and(isNull(mailOutbox.sentAt), lt(mailOutbox.attempts, MAX_ATTEMPTS)))
          .orderBy(asc(mailOutbox.createdAt))
          .limit(1)
          .for('update', { skipLocked: true });
        if (!mail) return null;
        try {
          await transport.send(mail);
          await tx
            .update(mailOutbox)
            .set({ sentAt: sql`now()`, attempts: mail.attempts + 1, lastError: null })
            .where(eq(mailOutbox.id, mail.id));
          return true;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          logger.warn({ mailId: mail.id, err: message }, 'mail delivery failed; will retry');
          await tx
            .update(mailOutbox)
            .set({ attempts: mail.attempts + 1, lastError: message })
            .where(eq(mailOutbox.id, mail.id));
          return false;
        }
      });
      if (delivered === null || delivered === false) return sent;
      sent += 1;
    }
  }

  const mailer: Mailer = {
    async enqueue(tx, message) {
      await tx.insert(mailOutbox).values(message);
    },
    flush() {
      // One flush at a time per process; callers arriving meanwhile share its result.
      running ??= sendBatch().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
  return mailer;
}
