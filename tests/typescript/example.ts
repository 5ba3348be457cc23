// A host page's use of the widget, type-checked by `tsc --noEmit` in `cargo xtask test`:
// if the declarations drift from the documented API, this stops compiling.
import type {
  FailedAttemptEvent, MfaWidgetConfig, MfaWidgetElement, MfaWidgetHandle, OutcomeEvent,
  V1ChallengeOutcomeEvent,
} from "../../src/browser/mfa-widget";

async function connect(element: HTMLElement, jobId: string): Promise<MfaWidgetHandle> {
  await customElements.whenDefined("mfa-widget");
  const config: MfaWidgetConfig = {
    jobId,
    apiBase: "https://aggregator.example",
    eventsUrl: "https://aggregator.example/kount/events",
    kount: { clientId: "900900", sessionId: "d121ea2210434ffc8a90daff9cc97e76", userId: "u1" },
    headers: { Authorization: "Bearer short-lived" },
    challengeTypeMap: { EmailPIN: "EmailLink" },
    poll: { userTurnMs: 3000 },
    cancelable: true,
    onReady: ({ jobId }) => console.log("painted", jobId),
    onCancel: ({ jobId }) => console.log("cancelled", jobId),
    // The default shape: the body is `{ challengeOutcome }` or `{ failedAttempt }`.
    onEvent: (body: OutcomeEvent | FailedAttemptEvent) =>
      console.log("failedAttempt" in body ? body.failedAttempt.userAgent : body.challengeOutcome.challengeStatus),
    onSuccess: ({ jobId }) => console.log("connected", jobId),
    onFailure: ({ message }) => console.warn(message),
  };
  element.addEventListener("mfa:outcome", (event) => {
    if (!("challengeOutcome" in event.detail)) return;
    const status: "Success" | "Failed" = event.detail.challengeOutcome.challengeStatus;
    console.log(status, event.detail.challengeOutcome.failureType ?? "");
  });
  return window.MfaWidget.mount(element, config);
}

// The standalone shape: `onEvent`'s body follows `eventShape`.
function standalone(element: HTMLElement): Promise<MfaWidgetHandle> {
  return MfaWidget.mount(element, {
    jobId: "j",
    eventShape: "v1ChallengeOutcomeEvent",
    onEvent: (body) => {
      const event: V1ChallengeOutcomeEvent | FailedAttemptEvent = body;
      console.log("url" in event ? event.url : event.failedAttempt.userAgent);
    },
  });
}

// The element is typed by its tag, with its events.
const widget: MfaWidgetElement = document.createElement("mfa-widget");
widget.setAttribute("job-id", "5b8f3f9e-0000-4000-8000-000000000001");
widget.addEventListener("mfa:cancel", (event) => console.log(event.detail.jobId));
widget.addEventListener("mfa:ready", (event) => console.log(event.detail.jobId));
document.body.append(widget);

connect(document.body, "5b8f3f9e-0000-4000-8000-000000000001").then((handle) => handle.destroy());
standalone(document.body).then((handle) => handle.destroy());
