/** Shapes on the wire, as docs/api.md describes them. */
export type Role = 'admin' | 'operator' | 'reporter' | 'viewer';
export type Status = 'success' | 'warning' | 'failed' | 'missed' | 'unknown';
export type Theme = 'light' | 'dark' | 'auto';

export interface List<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Session {
  user: { id: number; username: string; roles: Role[] };
  role: Role;
  permissions: string[];
  via: 'session' | 'token';
  csrfToken: string | null;
  theme?: Theme;
}

export interface Customer {
  id: number;
  name: string;
  active: boolean;
  jobCount: number;
  /** IANA zone of the customer's devices; null = the installation's zone. */
  timeZone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunSummary {
  id: number;
  status: Status;
  startedAt: string | null;
  receivedAt: string;
}

export interface Job {
  id: number;
  customerId: number;
  customerName: string;
  sender: string;
  host: string | null;
  backupSoftware: string;
  backupType: string;
  jobName: string;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  createdBy: string | null;
  aliases: string[];
  lastRun: RunSummary | null;
  /** The effective schedule: the pinned one, else the learned one; null before anything was learned. */
  schedule: JobScheduleInfo | null;
}

export type ScheduleKind = 'daily' | 'weekly' | 'monthly' | 'irregular' | 'none';

/** A job's schedule (DESIGN §9, docs/schedules.md); weekdays ISO 1 = Monday … 7 = Sunday. */
export interface Schedule {
  kind: ScheduleKind;
  weekdays: number[];
  monthDays: number[];
  /** n: 1..5, or -1 for the last such weekday of the month. */
  nthWeekday: { n: number; weekday: number } | null;
  time: string | null;
  times: string[];
  toleranceMinutes: number;
  typicalDurationMinutes: number;
  graceMinutes: number;
  confidence: number;
  basedOn: number;
  zone: string;
}

/** The schedule as a job carries it: pinned by hand or learned, with the API's description. */
export type JobScheduleInfo = Schedule & { pinned: boolean; description: string; /** Creates Missed runs and Daily Jobs rows: pinned, or learned with confidence ≥ 0.8. */ enforced?: boolean };

/** A pin (PUT /jobs/:id/schedule): `kind` and the fields its kind needs; the API fills in defaults (zone: the job's). */
export type SchedulePin = Pick<Schedule, 'kind'> & Partial<Omit<Schedule, 'kind'>>;

export interface ScheduleSettings {
  timeZone: string;
  graceMinutes: number;
}

export interface MaintenanceWindow {
  id: number;
  customerId: number;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  createdAt: string;
  createdBy: string | null;
}

export type DailyJobStatus = 'success' | 'warning' | 'failed' | 'missed' | 'expected';

/** How a job is named in the lists that show one row per job (Run Checks, Daily Jobs). */
export interface JobNames {
  jobId: number;
  customerId: number;
  customerName: string;
  backupSoftware: string;
  backupType: string;
  jobName: string;
}

/** One expected slot of one job on the Daily Jobs page. */
export interface DailyJob extends JobNames {
  schedule: { description: string; pinned: boolean };
  expectedAt: string;
  deadline: string;
  lastRun: { id: number; status: Status; startedAt: string | null } | null;
  status: DailyJobStatus;
  runId: number | null;
  late: boolean;
  /** The deciding run counts as success through an override. */
  overridden?: boolean;
  tickets?: TicketBadge[];
  remarks?: RemarkBadge[];
  /** Only sent to Admins. */
  reviewedAt?: string | null;
  reviewedBy?: string | null;
}

export interface ObjectCounts {
  success: number;
  warning: number;
  failed: number;
  unknown: number;
  total: number;
}

export interface Run {
  id: number;
  jobId: number;
  kind: 'mail' | 'missed';
  status: Status;
  originalStatus: Status;
  overridden: boolean;
  informational: boolean;
  startedAt: string | null;
  endedAt: string | null;
  receivedAt: string;
  reviewedAt: string | null;
  messageId: number | null;
  objectCounts: ObjectCounts;
  reviewedBy?: string | null;
  /** A run that arrived after its slot's tolerance window (it resolved a Missed run). */
  late?: boolean;
  /** The override rule that made it success; null when none did (or it was marked as success by hand). */
  overrideRule: OverrideBadge | null;
  tickets: TicketBadge[];
  remarks: RemarkBadge[];
}

export interface OverrideBadge {
  id: number;
  label: string;
}

export interface TicketBadge {
  id: number;
  code: string;
  resolved?: boolean;
}

export interface RemarkBadge {
  id: number;
  body: string;
  resolved?: boolean;
}

export interface RunObject {
  name: string;
  type: string | null;
  status: Status;
  message: string | null;
  overridden?: boolean;
  overrideRule?: OverrideBadge | null;
}

export interface RunCheckCounts {
  success: number;
  warning: number;
  failed: number;
  missed: number;
  unknown: number;
  overridden: number;
}

/** A job in Run Checks. */
export interface RunCheck extends JobNames {
  counts: RunCheckCounts;
  unreviewed: number;
  worstStatus: Status;
  lastReceivedAt: string;
  tickets: TicketBadge[];
  remarks: RemarkBadge[];
}

/** The list answers carry the time to send back as seenUntil. */
export type RunCheckList = List<RunCheck> & { seenAt: string };

export interface RunCheckJob extends JobNames {
  archived: boolean;
  customerActive: boolean;
}

export type RunCheckRuns = List<RunDetail> & { job: RunCheckJob; seenAt: string };

export type MatchType = 'contains' | 'exact' | 'startsWith' | 'endsWith' | 'regex';
export type OverrideScope = 'global' | 'job' | 'object';

export interface OverrideDraft {
  scope: OverrideScope;
  jobId: number | null;
  objectName: string | null;
  statuses: ('warning' | 'failed')[];
  match: { type: MatchType; text: string };
  validFrom: string | null;
  validUntil: string | null;
  comment: string | null;
}

export interface Override extends OverrideDraft {
  id: number;
  jobLabel?: string | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

export type NoteScope = { type: 'customer'; customerId: number } | { type: 'job'; jobId: number } | { type: 'object'; jobId: number; objectName: string };
/** As the API answers a scope: with the customer's or job's name. */
export type NoteScopeView = NoteScope & { label?: string };

interface NoteBase {
  id: number;
  activeFrom: string;
  resolvedAt: string | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  scopes: NoteScopeView[];
  linkedRuns: number;
}

export type Ticket = NoteBase & { kind: 'ticket'; code: string; description: string };
export type Remark = NoteBase & { kind: 'remark'; body: string };

export interface DashboardSource {
  source: string;
  label: string;
  lastReceivedAt: string | null;
  silent: boolean;
  lastError: string | null;
}

export interface Dashboard {
  date: string;
  zone: string;
  unreviewed?: RunCheckCounts & { total: number; jobs: number };
  missedToday?: number;
  inbox?: { count: number };
  sources?: DashboardSource[];
  silenceHours: number;
  failures: { date: string; failed: number; missed: number }[];
}

export interface RunDetail extends Run {
  objects: RunObject[];
  trace: string[];
  subject: string | null;
  sender: string | null;
}

export interface InboxItem {
  id: number;
  from: string | null;
  subject: string | null;
  receivedAt: string;
  backupSoftware: string | null;
  backupType: string | null;
  jobName: string | null;
  host: string | null;
  status: Status;
  parseState: 'parsed' | 'unrecognised' | 'error';
  parser: string | null;
  informational: boolean;
  tooLarge: boolean;
}

export interface InboxDetail extends InboxItem {
  objects: RunObject[];
  trace: string[];
  parseError: string | null;
  startedAt: string | null;
  endedAt: string | null;
  jobKey: string | null;
  canApprove: boolean;
}

export interface DeletedMail extends InboxItem {
  deletedAt: string;
  deletedBy: string | null;
}

export interface User {
  id: number;
  username: string;
  roles: Role[];
  activeRole: Role;
  theme: Theme;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiToken {
  id: number;
  userId: number;
  username: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorType: string;
  actor: string | null;
  userId: number | null;
  tokenId: number | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  details: unknown;
}
