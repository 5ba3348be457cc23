// Types for the script-tag bundle (`dist/mfa-widget.js`): `window.MfaWidget`, its config, the
// handle, and the `mfa:*` DOM events. Shipped as `dist/mfa-widget.d.ts`.

export interface KountIds {
  /** `^[a-zA-Z0-9]{1,64}$`; required when `eventsUrl` is set. */
  clientId?: string;
  /** `^[\w-]{0,32}$` */
  sessionId?: string;
  userId?: string;
  userType?: string;
  /** A version-4 UUID. */
  loginDecisionCorrelationId?: string;
  /** `eventType` of the standalone event shape (default `LOGIN`). */
  eventType?: string;
  /** `person` of the standalone event shape. */
  person?: { emailAddress?: string; phoneNumber?: string };
  /** `username` of the `failedAttempt` event. */
  username?: string;
}

export type ChallengeType =
  | "Captcha" | "Captcha2" | "Puzzle" | "SecretQuestion" | "EmailLink" | "EmailPIN" | "TextPIN"
  | "TextLink" | "MFAAppGoogle" | "MFAAppDuo" | "MFAAppiOS" | "MFAAppAuthy" | "MFAAppMicrosoft"
  | "MFAAppLastPass" | "MFAAppOther";

export type FailureType =
  | "TimedOut" | "IncorrectResponse" | "ExpiredSession" | "ExpiredLink" | "InvalidLink"
  | "InvalidData" | "MissingData";

export interface ChallengeOutcome {
  clientId?: string;
  loginDecisionCorrelationId?: string;
  challengeType: ChallengeType;
  challengeStatus: "Success" | "Failed";
  sessionId?: string;
  userId?: string;
  /** `YYYY-MM-DDThh:mm:ss.fffZ` */
  sentTimestamp: string;
  completedTimestamp: string;
  failureType?: FailureType;
  userType?: string;
}

/** The body posted to `eventsUrl` and the detail of `mfa:outcome` (default shape). */
export interface OutcomeEvent {
  challengeOutcome: ChallengeOutcome;
}

/** Posted (and handed to `onEvent`) when the bank refuses the sign-in; the host's backend adds
 * `userPassword` and `userIp`, which the browser never knows. */
export interface FailedAttemptEvent {
  failedAttempt: {
    clientId?: string; sessionId?: string; userId?: string; username?: string;
    userAgent: string; userType?: string;
  };
}

export type ChallengeKind = "securityQuestions" | "tokenMethods" | "tokenCode" | "verifyPhone" | "captcha";
export type AnswerKind = "securityAnswer" | "tokenChoice" | "tokenInput" | "verifyPhone" | "captchaInput";

export interface ChallengeDetail { jobId: string; kind: ChallengeKind }
export interface SubmitDetail { jobId: string; kind: AnswerKind }
export interface SuccessDetail { jobId: string }
export interface FailureDetail { jobId: string; message: string }
export interface ErrorDetail { jobId?: string; message: string }

export interface MfaWidgetConfig {
  jobId: string;
  /** Job API base URL (https:, or http: on localhost); default: the page's origin. */
  apiBase?: string;
  /** Where outcome events are posted; none are posted without it. */
  eventsUrl?: string;
  kount?: KountIds;
  /** Extra request headers, e.g. a short-lived bearer token. */
  headers?: Record<string, string>;
  /** `fetch` credentials for the Job API and events (default: the browser's, same-origin). */
  credentials?: "omit" | "same-origin" | "include";
  securityAnswerFormat?: "json" | "python";
  paths?: { getJob?: string; securityAnswer?: string; tokenInput?: string; captchaInput?: string };
  poll?: {
    afterSubmitMs?: number; burstMs?: number; waitingMs?: number; userTurnMs?: number; hiddenMs?: number;
    errorBaseMs?: number; errorCapMs?: number; requestTimeoutMs?: number; reconnectNoticeMs?: number;
  };
  eventShape?: "challengeOutcome" | "v1ChallengeOutcomeEvent";
  /** `false`: no `failedAttempt` event when the bank refuses the sign-in (default `true`). */
  failedAttemptEvent?: boolean;
  challengeTypeMap?: Partial<Record<ChallengeType, ChallengeType>>;
  challengeDeadlineMs?: number;
  /** A BCP 47 tag; `es…` is Spanish, anything else English. */
  locale?: string;
  /** Per-string overrides by key (e.g. `{ continue: "Next" }`); see README "Strings". */
  strings?: Record<string, string>;
  /** Overrides `prefers-color-scheme`. */
  theme?: "light" | "dark" | "auto";
  onChallenge?: (detail: ChallengeDetail) => void;
  onSubmit?: (detail: SubmitDetail) => void;
  onSuccess?: (detail: SuccessDetail) => void;
  onFailure?: (detail: FailureDetail) => void;
  onError?: (detail: ErrorDetail) => void;
  onEvent?: (body: OutcomeEvent | FailedAttemptEvent) => void;
}

export interface MfaWidgetHandle {
  /** Closes an open challenge as ExpiredSession, then stops every request, timer and listener. */
  destroy(): Promise<void>;
}

export interface MfaWidgetApi {
  readonly version: string;
  mount(element: Element, config: MfaWidgetConfig): Promise<MfaWidgetHandle>;
  diagnostics(): Promise<{ wasmMemoryBytes?: number }>;
}

declare global {
  interface Window {
    MfaWidget: MfaWidgetApi;
  }
  const MfaWidget: MfaWidgetApi;
  interface HTMLElementEventMap {
    "mfa:challenge": CustomEvent<ChallengeDetail>;
    "mfa:submit": CustomEvent<SubmitDetail>;
    "mfa:success": CustomEvent<SuccessDetail>;
    "mfa:failure": CustomEvent<FailureDetail>;
    "mfa:error": CustomEvent<ErrorDetail>;
    "mfa:outcome": CustomEvent<OutcomeEvent | FailedAttemptEvent>;
  }
}
