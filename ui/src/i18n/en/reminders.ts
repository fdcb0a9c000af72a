// Settings → E-mail reminders: the SMTP server, sender, office manager, test mail and the sent-log.
import type { Catalogue } from '../catalogue';
import type { reminders as ja } from '../ja/reminders';

export const reminders: Catalogue<typeof ja> = {
  title: 'E-mail reminders',
  intro:
    'Each responsible person gets one digest a day: the deadlines that reached a reminder point (e.g. 90, 30, 7 days before) and the overdue ones. Sending is done by the office server\'s scheduled job (chizai remind).',
  host: 'SMTP server',
  port: 'Port',
  security: 'Encryption',
  securityStarttls: 'STARTTLS (port 587)',
  securityTls: 'TLS (port 465)',
  securityNone: 'None (campus relay only)',
  user: 'User name',
  password: 'Password',
  passwordHint: 'The password is kept in the OS keychain, never in the database (on a server: the CHIZAI_SMTP_PASSWORD environment variable).',
  passwordFromEnv: 'Password: from the environment',
  passwordFromKeyring: 'Password: kept in the keychain',
  passwordNone: 'Password: not set',
  passwordSave: 'Save password',
  passwordSaved: 'Saved in the keychain',
  fromAddress: 'Sender address',
  fromName: 'Sender name',
  manager: 'Office manager (receives every overdue deadline)',
  managerNone: '(none)',
  save: 'Save',
  saved: 'Saved',
  testTo: 'Send a test to',
  test: 'Send a test mail',
  testing: 'Sending…',
  testSent: 'Test mail sent ({id})',
  failures: 'Reminders not sent (retried by the next run)',
  failuresNone: 'No failed reminders.',
  recent: 'Latest sent',
  recentNone: 'Nothing sent yet.',
  status: {
    sent: 'sent',
    failed: 'failed',
    retried: 'retried',
  },
};
