// Types for both entries: the ES module (`dist/mfa-widget.mjs`: `import { MfaWidget } from
// "mfa-widget"`) and the script tag (`dist/mfa-widget.js`: `window.MfaWidget`); the config, the
// handle, the `<mfa-widget>` element and the `mfa:*` DOM events. Shipped as
// `dist/mfa-widget.d.ts`.

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

/** The standalone `v1ChallengeOutcomeEvent` (`eventShape: "v1ChallengeOutcomeEvent"`). */
export interface V1ChallengeOutcomeEvent {
  clientId?: string;
  /** `kount.eventType`, default `LOGIN`. */
  eventType: string;
  sessionId?: string;
  decisionCorrelationId?: string;
  /** The page's origin and path (no query, no fragment), at most 256 characters. */
  url: string;
  challengeType: ChallengeType;
  challengeStatus: "Success" | "Failed";
  sentTimestamp: string;
  completedTimestamp: string;
  failureType?: FailureType;
  person?: { emailAddress?: string; phoneNumber?: string };
  account?: { id?: string; type?: string };
}

export type EventShape = "challengeOutcome" | "v1ChallengeOutcomeEvent";

/** The body of a challenge's outcome, by `eventShape`. */
export type OutcomeBody<S extends EventShape = "challengeOutcome"> =
  S extends "v1ChallengeOutcomeEvent" ? V1ChallengeOutcomeEvent : OutcomeEvent;

/** Posted (and handed to `onEvent`) when the bank refuses the sign-in; the host's backend adds
 * `userPassword` and `userIp`, which the browser never knows. */
export interface FailedAttemptEvent {
  failedAttempt: {
    clientId?: string; sessionId?: string; userId?: string; username?: string;
    userAgent: string; userType?: string;
  };
}

/** The shipped languages (the widget's root carries the one shown as its `lang`). */
export type Locale = "en" | "es" | "fr-CA";
/** Every string the widget shows, by the key `strings` overrides it with. */
export type StringKey =
  | "cardLabel"
  | "continue"
  | "sending"
  | "questionsHeading"
  | "methodsHeading"
  | "sendCode"
  | "codeHeading"
  | "codeLabel"
  | "pinHeading"
  | "pinLabel"
  | "verify"
  | "phoneHeading"
  | "phoneInstructions"
  | "verifyPhone"
  | "captchaHeading"
  | "captchaAlt"
  | "captchaLabel"
  | "captchaUnreadableHeading"
  | "captchaUnreadable"
  | "successHeading"
  | "successText"
  | "failureHeading"
  | "failureSentence"
  | "rejected"
  | "sendFailed"
  | "reconnecting"
  | "tryAgain"
  | "cancel"
  | "cancelled"
  | "sessionExpired"
  | "jobNotFound"
  | "stepLogIn"
  | "stepQuestions"
  | "stepMethods"
  | "stepCode"
  | "stepAccounts"
  | "stepSummary"
  | "stepTransactions"
  | "stepDownload"
  | "stepOther"
  | "whereLogIn"
  | "whereQuestions"
  | "whereMethods"
  | "whereCode"
  | "whereAccounts"
  | "whereSummary"
  | "whereTransactions"
  | "whereDownload"
  | "whereOther"
  | "reasonTimeout"
  | "reasonIncorrect"
  | "reasonLocked"
  | "reasonNone"
  | "reasonOther"
  | "timeLeft";

export type ChallengeKind = "securityQuestions" | "tokenMethods" | "tokenCode" | "verifyPhone" | "captcha";
export type AnswerKind = "securityAnswer" | "tokenChoice" | "tokenInput" | "verifyPhone" | "captchaInput";

/** In every detail but `mfa:outcome`'s (and the script's own errors, before a widget runs). */
export interface WidgetDetail {
  jobId: string;
  /** This widget's own id (a UUID, one per widget started): quote it to support with the
   * host's logs. */
  widgetSessionId: string;
}
/** Where the widget was when it ended or went wrong (`mfa:failure`, `mfa:cancel`,
 * `mfa:error`). */
export interface Whereabouts {
  /** The job's last `LastStep`, `"other"` for a step the widget does not know, `null` when
   * the job said none (or none was read). */
  lastStep: string | null;
  /** The job's last `LastStatus` as it wrote it (at most 64 characters), or `null`. */
  lastStatus: string | null;
  /** The challenge the user had open, or `null`. */
  challenge: ChallengeKind | null;
}
export interface ChallengeDetail extends WidgetDetail { kind: ChallengeKind }
export interface SubmitDetail extends WidgetDetail { kind: AnswerKind }
export interface SuccessDetail extends WidgetDetail {
  /** The job's `LastStep` when it logged in (`AccountList`, …), `"other"` for a step the
   * widget does not know, `null` when the job said none. */
  lastStep: string | null;
}
export interface FailureDetail extends WidgetDetail, Whereabouts {
  /** Where and why, in English words (for logs; act on `reason`). */
  message: string;
  /** `timed_out`: try again later; `incorrect`: what was typed was wrong; `locked`: the
   * account is locked (the user must call the bank); `other`. (`lastStep` `LogInPanel`: the
   * bank refused the sign-in itself.) */
  reason: "timed_out" | "incorrect" | "locked" | "other";
}
/**
 * What went wrong (README "Errors"): `fatal` codes stop the widget (`config_invalid`,
 * `unauthorized`, `job_not_found`, `wasm_load_failed`, `unsupported_browser`, `internal`);
 * after the others it goes on.
 */
export type ErrorCode =
  | "config_invalid"
  | "unauthorized"
  | "job_not_found"
  | "network"
  | "server_error"
  | "bad_response"
  | "answer_rejected"
  | "answer_failed"
  | "redirect_refused"
  | "event_dropped"
  | "wasm_load_failed"
  | "unsupported_browser"
  | "internal";
export interface ErrorDetail extends Partial<WidgetDetail>, Partial<Whereabouts> {
  code: ErrorCode;
  /** In English, for logs; act on `code`. */
  message: string;
  /** The widget has stopped for good. */
  fatal: boolean;
  /** `config_invalid`: the config key at fault (`poll.waitingMs`, `kount.clientId`). */
  key?: string;
  /** The HTTP status of the reply at fault, when one came (`unauthorized`: 401 or 403;
   * `job_not_found`: 404; `server_error`; `answer_failed`). */
  status?: number;
}
export interface ReadyDetail extends WidgetDetail {
  /** The language shown: `"en"`, `"es"` or `"fr-CA"`. */
  locale: "en" | "es" | "fr-CA";
}
export interface CancelDetail extends WidgetDetail, Whereabouts {}

export interface MfaWidgetConfig<S extends EventShape = "challengeOutcome"> {
  jobId: string;
  /** Job API base URL (https:, or http: on localhost); default: the page's origin. */
  apiBase?: string;
  /** Where outcome events are posted; none are posted without it. */
  eventsUrl?: string;
  kount?: KountIds;
  /**
   * Extra request headers, e.g. a short-lived bearer token; or a function (a token provider)
   * called before each request, returning them or a promise of them. Renewed headers (a new
   * `config`, `handle.update`) go with the next request and restart nothing; on a 401/403 a
   * provider is asked once more before `unauthorized`.
   */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** `fetch` credentials for the Job API and events (default: the browser's, same-origin). */
  credentials?: "omit" | "same-origin" | "include";
  securityAnswerFormat?: "json" | "python";
  /**
   * When the job counts as a success: `"done"` (default) when it says `SuccessFlag: true`;
   * `"accountsReady"` as soon as its `LastStatus` is `AccountsReady` (login done, accounts
   * readable; the job may go on gathering transactions).
   */
  successWhen?: "done" | "accountsReady";
  paths?: { getJob?: string; securityAnswer?: string; tokenInput?: string; captchaInput?: string };
  poll?: {
    afterSubmitMs?: number; burstMs?: number; waitingMs?: number; waitingMaxMs?: number; userTurnMs?: number; hiddenMs?: number;
    errorBaseMs?: number; errorCapMs?: number; requestTimeoutMs?: number; reconnectNoticeMs?: number;
  };
  eventShape?: S;
  /** `false`: no `failedAttempt` event when the bank refuses the sign-in (default `true`). */
  failedAttemptEvent?: boolean;
  challengeTypeMap?: Partial<Record<ChallengeType, ChallengeType>>;
  challengeDeadlineMs?: number;
  /**
   * `"auto"` (the default): the first of the browser's languages the widget ships, then the
   * page's `lang`, then English. Any other BCP 47 tag: its language if shipped (`es-MX` →
   * Spanish, `fr-FR` → Canadian French), else English.
   */
  locale?: "auto" | Locale | (string & {});
  /** Per-string overrides by key (e.g. `{ continue: "Next" }`); an unknown key is refused. */
  strings?: Partial<Record<StringKey, string>>;
  /** Overrides `prefers-color-scheme`. */
  theme?: "light" | "dark" | "auto";
  /** Offer the user a Cancel action: it ends the open challenge (ExpiredSession) and stops. */
  cancelable?: boolean;
  /** Where the script finds its wasm when it is not served beside the script (or bundled). */
  wasmUrl?: string;
  /** The first state is painted (Plaid's `onLoad`). */
  onReady?: (detail: ReadyDetail) => void;
  /** The user cancelled; the widget has stopped (Plaid's `onExit`). */
  onCancel?: (detail: CancelDetail) => void;
  onChallenge?: (detail: ChallengeDetail) => void;
  onSubmit?: (detail: SubmitDetail) => void;
  onSuccess?: (detail: SuccessDetail) => void;
  onFailure?: (detail: FailureDetail) => void;
  onError?: (detail: ErrorDetail) => void;
  onEvent?: (body: OutcomeBody<S> | FailedAttemptEvent) => void;
}

export interface MfaWidgetHandle {
  /** Closes an open challenge as ExpiredSession, then stops every request, timer and listener. */
  destroy(): Promise<void>;
  /**
   * A new config for this widget: what needs no new session (headers, theme, locale, strings,
   * callbacks) applies at once, keeping what the user typed; any other change ends this
   * widget (its open challenge as ExpiredSession) and starts a new one in its place.
   */
  update<S extends EventShape = "challengeOutcome">(config: MfaWidgetConfig<S>): Promise<void>;
}

export interface MfaWidgetApi {
  readonly version: string;
  mount<S extends EventShape = "challengeOutcome">(
    element: Element,
    config: MfaWidgetConfig<S>,
  ): Promise<MfaWidgetHandle>;
  /**
   * Whether this browser can run the widget (WebAssembly, shadow DOM, constructable
   * stylesheets, `fetch` with `AbortController`): when not, `mount` fails with
   * `unsupported_browser` and the element says so; offer your own way to verify.
   */
  isSupported(): boolean;
  /** Wasm memory in use, and the Yew app roots made (reused, so bounded by the widgets alive at once). */
  diagnostics(): Promise<{ wasmMemoryBytes?: number; appRoots?: number; jsValuesHeld?: number }>;
}

/** The `mfa:*` events, on the element (they bubble and cross shadow roots). */
export interface MfaWidgetEventMap {
  "mfa:ready": CustomEvent<ReadyDetail>;
  "mfa:challenge": CustomEvent<ChallengeDetail>;
  "mfa:submit": CustomEvent<SubmitDetail>;
  "mfa:success": CustomEvent<SuccessDetail>;
  "mfa:failure": CustomEvent<FailureDetail>;
  "mfa:error": CustomEvent<ErrorDetail>;
  "mfa:cancel": CustomEvent<CancelDetail>;
  /** The body posted (no `jobId`: it is exactly what Kount receives). */
  "mfa:outcome": CustomEvent<OutcomeEvent | V1ChallengeOutcomeEvent | FailedAttemptEvent>;
}

/** The element's attributes (README "Configuration" names the key each one sets). */
export interface MfaWidgetAttributes {
  "job-id"?: string;
  "api-base"?: string;
  "events-url"?: string;
  locale?: "auto" | Locale | (string & {});
  theme?: "light" | "dark" | "auto";
  "kount-client-id"?: string;
  "session-id"?: string;
  "user-id"?: string;
  "user-type"?: string;
  "login-decision-correlation-id"?: string;
  cancelable?: boolean;
}

/** `<mfa-widget job-id="…" api-base="…" events-url="…" kount-client-id="…" cancelable>` */
export interface MfaWidgetElement extends HTMLElement {
  /**
   * What attributes cannot carry (headers, callbacks, string overrides…), merged with the
   * attributes (an attribute wins for its own key; `kount` is merged key by key). Setting it
   * restarts the widget, or only redraws it when just `locale`, `theme` or `strings` changed.
   */
  config: Partial<MfaWidgetConfig> | null;
  addEventListener<K extends keyof MfaWidgetEventMap>(
    type: K,
    listener: (this: MfaWidgetElement, event: MfaWidgetEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof MfaWidgetEventMap>(
    type: K,
    listener: (this: MfaWidgetElement, event: MfaWidgetEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** The ES module's export (the same object as `window.MfaWidget`). */
export declare const MfaWidget: MfaWidgetApi;
export default MfaWidget;

declare global {
  interface Window {
    MfaWidget: MfaWidgetApi;
  }
  /** The script tag's global (the same object the ES module exports). */
  const MfaWidget: MfaWidgetApi;
  interface HTMLElementTagNameMap {
    "mfa-widget": MfaWidgetElement;
  }
  // The events bubble, so any ancestor may listen.
  interface HTMLElementEventMap extends MfaWidgetEventMap {}
}
