import type { Generated } from 'kysely';

/**
 * Row types of the tables, as stored. Times are ISO 8601 strings in UTC with milliseconds
 * (`2026-11-30T22:00:03.000Z`), so they sort as text on both dialects; flags are integers 0/1 on both.
 */
export interface MessageTable {
  id: Generated<number>;
  identity_key: string;
  content_hash: string;
  message_id_header: string | null;
  sender: string | null;
  subject: string | null;
  date_header: string | null;
  sent_at: string | null;
  received_at: string;
  source: string;
  source_detail: string | null;
  size_bytes: number;
  too_large: number;
  identity_conflict: number;
  parse_state: string;
  parse_error: string | null;
  parser: string | null;
  software: string | null;
  backup_type: string | null;
  job_name: string | null;
  host: string | null;
  status: string;
  informational: number;
  started_at: string | null;
  ended_at: string | null;
  confidence: string;
  parse_result: string;
  job_key: string | null;
  job_id: number | null;
  parsed_at: string;
  deleted_at: string | null;
  deleted_by: string | null;
}

export interface MessageRawTable {
  message_id: number;
  compression: string;
  data: Uint8Array;
}

export interface CustomerTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  active: number;
  created_at: string;
  updated_at: string;
  time_zone: Generated<string | null>;
}

export interface JobTable {
  id: Generated<number>;
  customer_id: number;
  sender: string;
  host: string | null;
  backup_software: string;
  backup_type: string;
  job_name: string;
  archived_at: string | null;
  created_at: string;
  created_by: string | null;
  /** The newest run (sort_at desc, id desc), copied so the Jobs list never looks into runs. */
  last_run_id: Generated<number | null>;
  last_run_status: Generated<string | null>;
  last_run_at: Generated<string | null>;
  schedule_learned: Generated<string | null>;
  schedule_learned_at: Generated<string | null>;
  schedule_pinned: Generated<string | null>;
  schedule_pinned_at: Generated<string | null>;
  missed_evaluated_until: Generated<string | null>;
}

export interface JobKeyTable {
  key: string;
  job_id: number;
  is_alias: number;
  created_at: string;
}

export interface RunTable {
  id: Generated<number>;
  job_id: number;
  message_id: number | null;
  kind: string;
  status: string;
  original_status: string;
  overridden: number;
  informational: number;
  started_at: string | null;
  ended_at: string | null;
  received_at: string;
  reviewed_at: string | null;
  reviewed_by_user_id: number | null;
  created_at: string;
  /** coalesce(started_at, received_at): the history order. */
  sort_at: string | null;
  missed_slot: Generated<string | null>;
  resolved_by_run_id: Generated<number | null>;
  late: Generated<number>;
  override_id: Generated<number | null>;
}

export interface RunObjectTable {
  id: Generated<number>;
  run_id: number;
  position: number;
  name: string;
  type: string | null;
  status: string;
  message: string | null;
  overridden: Generated<number>;
  override_id: Generated<number | null>;
}

export interface MailboxTable {
  id: Generated<number>;
  name: string;
  host: string;
  port: number;
  tls: string;
  username: string;
  password_enc: string;
  folders: string;
  processed_folder: string | null;
  start_date: string | null;
  enabled: number;
  created_at: string;
  last_polled_at: string | null;
  last_error: string | null;
  failures: number;
  next_poll_at: string | null;
}

export interface MailboxFolderTable {
  mailbox_id: number;
  folder: string;
  uid_validity: string;
  last_uid: number;
  updated_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  details: string | null;
  user_id: number | null;
  token_id: number | null;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  username_key: string;
  password_hash: string;
  roles: string;
  active_role: string;
  theme: string;
  disabled_at: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  address: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  role: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginFailureTable {
  key: string;
  failures: number;
  first_at: string;
  last_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface MaintenanceWindowTable {
  id: Generated<number>;
  customer_id: number;
  starts_at: string;
  ends_at: string;
  reason: string | null;
  created_at: string;
  created_by: string | null;
}

export interface TaskLeaseTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface OverrideTable {
  id: Generated<number>;
  scope: string;
  job_id: number | null;
  object_name: string | null;
  statuses: string;
  match_type: string;
  match_text: string;
  valid_from: string | null;
  valid_until: string | null;
  comment: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

export interface NoteTable {
  id: Generated<number>;
  /** ticket | remark */
  kind: string;
  /** Tickets only: the code as typed, and lower-cased for the unique index. */
  code: string | null;
  code_key: string | null;
  /** A ticket's description or a remark's text, and that lower-cased (JavaScript) for search. */
  body: string;
  body_key: string;
  active_from: string;
  resolved_at: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

export interface NoteScopeTable {
  id: Generated<number>;
  note_id: number;
  /** customer | job | object */
  scope: string;
  customer_id: number | null;
  job_id: number | null;
  object_name: string | null;
}

export interface NoteRunTable {
  note_id: number;
  run_id: number;
  linked_at: string;
}

export interface SourceActivityTable {
  /** smtp | cli | upload | imap:<mailbox id> … */
  source_key: string;
  source: string;
  /** What the Dashboard calls it: the source, or the mailbox name. */
  label: string;
  last_received_at: string;
}

export interface Database {
  messages: MessageTable;
  message_raw: MessageRawTable;
  customers: CustomerTable;
  jobs: JobTable;
  job_keys: JobKeyTable;
  runs: RunTable;
  run_objects: RunObjectTable;
  mailboxes: MailboxTable;
  mailbox_folders: MailboxFolderTable;
  audit_events: AuditEventTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_failures: LoginFailureTable;
  settings: SettingTable;
  maintenance_windows: MaintenanceWindowTable;
  task_leases: TaskLeaseTable;
  overrides: OverrideTable;
  notes: NoteTable;
  note_scopes: NoteScopeTable;
  note_runs: NoteRunTable;
  source_activity: SourceActivityTable;
}
