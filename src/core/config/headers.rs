//! The host's extra request headers, checked at mount against what `fetch` accepts: a name or
//! value the browser refuses would make every request throw later, far from the config that
//! caused it; a header the browser silently drops (`Cookie`, `Origin`, …) would never arrive.
//! Either is refused with the header named, like every other config error.

use super::error::ConfigError;
use crate::core::pairs::Pairs;

/// `headers` as given, or the first one `fetch` would refuse or drop.
pub fn checked(headers: Pairs) -> Result<Pairs, ConfigError> {
    for (name, value) in &headers {
        let refuse = |reason: &str| ConfigError::Invalid {
            key: format!("headers.{name}"),
            reason: reason.into(),
        };
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(ConfigError::Invalid {
                key: "headers".into(),
                // (Display, not Debug: the release wasm prints no Debug.)
                reason: format!(
                    "\"{name}\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"
                ),
            });
        }
        if is_forbidden(name) {
            return Err(refuse("browsers do not let a page set this header"));
        }
        // Fetch takes values as bytes (a JS string above U+00FF throws) and refuses NUL, CR
        // and LF, which would end the header.
        if value
            .chars()
            .any(|c| u32::from(c) > 0xFF || matches!(c, '\0' | '\r' | '\n'))
        {
            return Err(refuse(
                "a header value must be Latin-1 text without line breaks or NUL",
            ));
        }
    }
    Ok(headers)
}

/// RFC 9110's `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Fetch's forbidden request-header names: set by the browser alone.
fn is_forbidden(name: &str) -> bool {
    const NAMES: [&str; 21] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    let lower = name.to_ascii_lowercase();
    NAMES.contains(&lower.as_str()) || lower.starts_with("proxy-") || lower.starts_with("sec-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, value: &str) -> Result<(), String> {
        checked(Pairs::from([(name, value)]))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn what_fetch_would_throw_on_or_drop_is_refused_by_name() {
        let value = "mfa-widget: `headers.X-Customer-Name` is invalid: a header value must be Latin-1 text without line breaks or NUL";
        let rows: [(&str, &str, Result<(), &str>); 12] = [
            ("Authorization", "Bearer abc.def", Ok(())),
            ("X-Customer-Name", "Zoë", Ok(())), // ë is Latin-1: sent as one byte
            ("X-Customer-Name", "Zoë ✓", Err(value)),
            ("X-Customer-Name", "a\r\nX-Injected: 1", Err(value)),
            ("X-Customer-Name", "a\nb", Err(value)),
            ("X-Customer-Name", "a\0b", Err(value)),
            ("X-Trace-Id", "  padded  ", Ok(())), // fetch trims it
            ("X Bad", "1", Err("mfa-widget: `headers` is invalid: \"X Bad\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)")),
            ("", "1", Err("mfa-widget: `headers` is invalid: \"\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)")),
            ("X-Ünicode", "1", Err("mfa-widget: `headers` is invalid: \"X-Ünicode\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)")),
            ("Cookie", "a=1", Err("mfa-widget: `headers.Cookie` is invalid: browsers do not let a page set this header")),
            ("Sec-Fetch-Site", "none", Err("mfa-widget: `headers.Sec-Fetch-Site` is invalid: browsers do not let a page set this header")),
        ];
        for (name, value, expected) in rows {
            assert_eq!(
                check(name, value),
                expected.map_err(str::to_string),
                "{name}: {value:?}"
            );
        }
    }
}
