// The database this desk is on: the header, the start screen, Settings → Database.
import type { Catalogue } from '../catalogue';
import type { database as ja } from '../ja/database';

export const database: Catalogue<typeof ja> = {
  file: 'File',
  server: 'Server',
  headerFile: "This desk's database file: {path}",
  headerServer: 'On the office server {label}, signed in as {login} ({role})',
  role: {
    owner: 'owner',
    admin: 'admin',
    staff: 'staff',
    auditor: 'auditor',
    none: 'no Chizai role',
  },
  bannerTitle: 'On the office server {label} as {role}',
  bannerReadOnly: 'Read only — this role cannot add or change anything (the server refuses it)',
  startTitle: 'The database could not be opened',
  startWhat: 'Database: {where}',
  startHint:
    'Do what the message above says for the server or the file, then restart Chizai. You can change the database below; a saved choice takes effect at the next start.',
  startEnv: 'The database is named by the environment variable CHIZAI_DB ({value}): correct or remove CHIZAI_DB to change it.',
  panelTitle: 'Database',
  current: 'Now on',
  choiceFile: "This desk's file",
  choiceServer: 'Office server (PostgreSQL)',
  host: 'Host',
  port: 'Port',
  name: 'Database',
  user: 'User',
  tls: 'TLS',
  tlsDisable: 'Off (disable)',
  tlsPrefer: 'When available (prefer)',
  tlsRequire: 'Required (require) — not supported yet',
  password:
    'No password is kept here: set it in the PGPASSWORD environment variable or in ~/.pgpass (host:port:database:user:password, mode 0600).',
  test: 'Test connection',
  testing: 'Connecting…',
  testOk: 'Connected: {label} · role {role} · schema {version} (this Chizai: {latest})',
  testEmpty: 'This database is still empty: its owner creates it with `chizai --db URL init --institution NAME`.',
  testOlder: 'The schema is older: its owner must open it once with this Chizai to upgrade it.',
  testNewer: 'The schema is newer than this Chizai: update Chizai.',
  testNoRole:
    'This login holds no Chizai role: ask an administrator to run `chizai server grant {login} --as staff`.',
  save: 'Save',
  saved: 'Saved. It takes effect at the next start (restart Chizai).',
  restart: 'Changes take effect after a restart.',
  envOverride: 'CHIZAI_DB is set ({value}): it wins over the saved choice.',
  settingsFile: 'Settings file: {path}',
};
