//! What a [`Config`] means, decided once when a widget starts: typed, validated, every URL the
//! widget will ever call resolved against the page and checked. Everything downstream takes
//! `Settings`; nothing re-reads the config's strings.

use super::config::headers;
use super::config::{Config, ConfigError, PollOverrides, Theme};
use super::io::Credentials;
use super::job::answer::{Endpoint, ListStyle};
use super::job::challenge::SuccessWhen;
use super::kount::dispatcher::Sender;
use super::kount::event::EventSettings;
use super::pairs::Pairs;
use super::strings::{Locale, Strings};

/// A URL as the page's URL parser resolved it (the browser's `URL`).
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedUrl {
    pub href: String,
    /// Without the colon: `https`.
    pub scheme: String,
    /// The host name as the parser normalised it (`127.0.0.1`, `[::1]`, `localhost`).
    pub host: String,
    /// A user name or password in it (`https://user:pass@host`), which `fetch` refuses.
    pub has_userinfo: bool,
}

/// What the page the widget runs on tells the settings: how it resolves URLs (the browser's
/// `URL`; natively, a WHATWG URL parser) and which languages its reader prefers.
pub trait PageInfo {
    fn resolve(&self, url: &str) -> Option<ResolvedUrl>;
    /// `navigator.languages`, the most preferred first (none natively).
    fn browser_languages(&self) -> Vec<String> {
        Vec::new()
    }
    /// The page's `<html lang>`, if it says.
    fn page_language(&self) -> Option<String> {
        None
    }
}

/// Poll intervals in milliseconds; every one is configurable by the host.
#[derive(Clone, Debug, PartialEq)]
pub struct PollIntervals {
    /// Right after an answer was accepted, for `burst_ms`.
    pub after_submit_ms: f64,
    pub burst_ms: f64,
    /// While the bank works and nobody is asked anything, at first; the longer it works
    /// unchanged, the slower, up to `waiting_max_ms` (a 90-s card-issuer login needs no read
    /// a second).
    pub waiting_ms: f64,
    pub waiting_max_ms: f64,
    /// While a challenge waits for the user.
    pub user_turn_ms: f64,
    /// First error retry; doubles per consecutive error up to `error_cap_ms`.
    pub error_base_ms: f64,
    pub error_cap_ms: f64,
    /// While the tab is hidden (nobody is looking; 30 s is 2 requests a minute).
    pub hidden_ms: f64,
    /// A request not answered by then is aborted and counts as a network error.
    pub request_timeout_ms: f64,
    /// How long without any answer from the Job API before the user sees "Reconnecting…".
    pub reconnect_notice_ms: f64,
}

impl Default for PollIntervals {
    fn default() -> Self {
        PollIntervals {
            after_submit_ms: 300.0,
            burst_ms: 6_000.0,
            waiting_ms: 1_000.0,
            waiting_max_ms: 2_800.0,
            user_turn_ms: 3_000.0,
            error_base_ms: 1_000.0,
            error_cap_ms: 30_000.0,
            hidden_ms: 30_000.0,
            request_timeout_ms: 10_000.0,
            reconnect_notice_ms: 4_000.0,
        }
    }
}

/// The validated configuration of one widget.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub job_id: String,
    pub endpoints: Endpoints,
    /// Where outcome events are posted; `None`: only dispatched to the host.
    pub events_url: Option<String>,
    pub headers: Pairs,
    /// The host gave `headers` as a function: it is asked before each request.
    pub headers_provided: bool,
    pub credentials: Credentials,
    pub theme: Theme,
    pub list_style: ListStyle,
    /// When the job counts as a success (`successWhen`).
    pub success_when: SuccessWhen,
    pub intervals: PollIntervals,
    /// The client-side time limit for answering a challenge.
    pub deadline_ms: Option<f64>,
    /// Offer a Cancel action.
    pub cancelable: bool,
    pub strings: Strings,
    pub events: EventSettings,
}

/// The Job API's endpoints, absolute and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoints {
    pub get_job: String,
    pub security_answer: String,
    pub token_input: String,
    pub captcha_input: String,
}

/// Whether the widget may talk to `url`: `https:`, or `http:` on the loopback interface
/// (development). Anything else would send answers or events in clear text.
pub fn is_allowed_endpoint(url: &ResolvedUrl) -> bool {
    url.scheme == "https" || (url.scheme == "http" && is_loopback_host(&url.host))
}

/// Whether `host` (a host name without a port; IPv6 in brackets) is this machine: `localhost`,
/// `127.x.y.z` or `[::1]`. The sandbox applies the same rule to the pages it answers.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `path` under `api_base`; an absolute `path` stands alone.
fn join(api_base: Option<&str>, path: &str) -> String {
    let absolute = path.starts_with("http://") || path.starts_with("https://");
    match api_base.map(str::trim).filter(|b| !b.is_empty()) {
        Some(base) if !absolute => format!(
            "{}/{}",
            base.trim_end_matches('/'),
            path.trim_start_matches('/')
        ),
        _ => path.to_string(),
    }
}

/// Resolves and checks one URL the widget will call; `key` names it in errors.
fn checked_url(urls: &impl PageInfo, url: &str, key: &'static str) -> Result<String, ConfigError> {
    let resolved = urls.resolve(url).ok_or(ConfigError::BadUrl(key))?;
    if resolved.has_userinfo {
        return Err(ConfigError::UserInfo(key));
    }
    if !is_allowed_endpoint(&resolved) {
        return Err(ConfigError::ClearText(key));
    }
    let page_is_https = urls.resolve("").is_some_and(|page| page.scheme == "https");
    if page_is_https && resolved.scheme != "https" {
        return Err(ConfigError::MixedContent(key));
    }
    Ok(resolved.href)
}

fn intervals(overrides: &PollOverrides) -> Result<PollIntervals, ConfigError> {
    let mut p = PollIntervals::default();
    let o = overrides;
    for (value, slot, name) in [
        (
            o.after_submit_ms,
            &mut p.after_submit_ms,
            "poll.afterSubmitMs",
        ),
        (o.burst_ms, &mut p.burst_ms, "poll.burstMs"),
        (o.waiting_ms, &mut p.waiting_ms, "poll.waitingMs"),
        (o.waiting_max_ms, &mut p.waiting_max_ms, "poll.waitingMaxMs"),
        (o.user_turn_ms, &mut p.user_turn_ms, "poll.userTurnMs"),
        (o.error_base_ms, &mut p.error_base_ms, "poll.errorBaseMs"),
        (o.error_cap_ms, &mut p.error_cap_ms, "poll.errorCapMs"),
        (
            o.request_timeout_ms,
            &mut p.request_timeout_ms,
            "poll.requestTimeoutMs",
        ),
        (o.hidden_ms, &mut p.hidden_ms, "poll.hiddenMs"),
        (
            o.reconnect_notice_ms,
            &mut p.reconnect_notice_ms,
            "poll.reconnectNoticeMs",
        ),
    ] {
        if let Some(ms) = value {
            if !ms.is_finite() || ms < 50.0 {
                return Err(ConfigError::BadInterval(name));
            }
            *slot = ms;
        }
    }
    Ok(p)
}

impl Settings {
    /// Decides what `config` means on the page whose URLs `urls` resolves.
    pub fn new(config: Config, urls: &impl PageInfo) -> Result<Settings, ConfigError> {
        let job_id = config
            .job_id
            .map(|id| id.0)
            .filter(|id| !id.trim().is_empty())
            .ok_or(ConfigError::MissingJobId)?;
        let paths = config.paths.unwrap_or_default();
        let base = config.api_base.as_deref();
        // Every endpoint's path goes after the base: behind a `?` or `#` it would be lost.
        if base.is_some_and(|b| b.contains(['?', '#'])) {
            return Err(ConfigError::Invalid {
                key: "apiBase".into(),
                reason: "a query (`?`) or fragment (`#`) would swallow every endpoint's path"
                    .into(),
            });
        }
        // An absolute path stands alone and is named in errors; otherwise the base decides.
        let endpoint = |custom: Option<String>, default: &str, key| {
            let path = custom.as_deref().unwrap_or(default);
            let joined = join(base, path);
            checked_url(urls, &joined, if joined == path { key } else { "apiBase" })
        };
        let endpoints = Endpoints {
            get_job: endpoint(
                paths.get_job,
                "/api/Job/GetJobInformationByID",
                "paths.getJob",
            )?,
            security_answer: endpoint(
                paths.security_answer,
                "/api/Job/UpdateJobSecurityAnswer",
                "paths.securityAnswer",
            )?,
            token_input: endpoint(
                paths.token_input,
                "/api/Job/UpdateJobTokenInput",
                "paths.tokenInput",
            )?,
            captcha_input: endpoint(
                paths.captcha_input,
                "/api/Job/UpdateJobCaptchaInput",
                "paths.captchaInput",
            )?,
        };
        let events_url = match &config.events_url {
            Some(url) => Some(checked_url(urls, url, "eventsUrl")?),
            None => None,
        };
        let deadline_ms = config.challenge_deadline_ms;
        if deadline_ms.is_some_and(|ms| !ms.is_finite() || ms < 50.0) {
            return Err(ConfigError::BadInterval("challengeDeadlineMs"));
        }
        let events = EventSettings::new(
            config.kount.unwrap_or_default(),
            events_url.is_some(),
            config.event_shape.unwrap_or_default(),
            config.challenge_type_map.unwrap_or_default(),
            config.failed_attempt_event.unwrap_or(true),
        )
        .map_err(ConfigError::Event)?;
        let locale = Locale::choose(
            config.locale.as_deref(),
            &urls.browser_languages(),
            urls.page_language().as_deref(),
        );
        let strings = Strings::new(locale, &config.strings.unwrap_or_default())
            .map_err(ConfigError::UnknownString)?;
        Ok(Settings {
            job_id,
            endpoints,
            events_url,
            headers: headers::checked(config.headers.unwrap_or_default())?,
            headers_provided: config.headers_provider,
            credentials: config.credentials.unwrap_or_default(),
            theme: config.theme.unwrap_or_default(),
            list_style: config.security_answer_format.unwrap_or_default(),
            success_when: config.success_when.unwrap_or_default(),
            intervals: intervals(&config.poll.unwrap_or_default())?,
            deadline_ms,
            cancelable: config.cancelable.unwrap_or(false),
            strings,
            events,
        })
    }

    /// How this widget's events are posted, when `eventsUrl` is set: to that URL, with the
    /// host's headers and credentials mode, about these Kount ids.
    pub fn event_sender(&self) -> Option<Sender> {
        let url = self.events_url.as_ref()?;
        Some(Sender {
            url: url.clone(),
            headers: self.headers.clone(),
            credentials: self.credentials,
            identity: self.events.ids.identity(),
        })
    }

    /// Whether a widget running with `self` may take `other` without a new session: only the
    /// look (theme, locale, strings) and the headers differ, which it applies in place (what
    /// the user typed and the open challenge stay). The config table's `session` column says
    /// the same of the host's keys.
    pub fn same_session(&self, other: &Settings) -> bool {
        let session = |s: &Settings| Settings {
            headers: Pairs::default(),
            headers_provided: false,
            theme: Theme::Auto,
            strings: Strings::default(),
            ..s.clone()
        };
        session(self) == session(other)
    }

    /// The absolute URL of a Job API endpoint.
    pub fn endpoint(&self, endpoint: Endpoint) -> &str {
        let e = &self.endpoints;
        match endpoint {
            Endpoint::GetJob => &e.get_job,
            Endpoint::SecurityAnswer => &e.security_answer,
            Endpoint::TokenInput => &e.token_input,
            Endpoint::CaptchaInput => &e.captcha_input,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
