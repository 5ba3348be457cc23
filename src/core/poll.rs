//! When to read the job next (DESIGN §5), as a pure function of what happened and when.
//! Fast right after an answer (the job changes soon), slower while the user is thinking,
//! exponential backoff with full jitter after errors.

/// Poll intervals in milliseconds; every one is configurable by the host.
#[derive(Clone, Debug, PartialEq)]
pub struct PollIntervals {
    /// Right after an answer was accepted, for `burst_ms`.
    pub after_submit_ms: f64,
    pub burst_ms: f64,
    /// While the bank works and nobody is asked anything.
    pub waiting_ms: f64,
    /// While a challenge waits for the user.
    pub user_turn_ms: f64,
    /// First error retry; doubles per consecutive error up to `error_cap_ms`.
    pub error_base_ms: f64,
    pub error_cap_ms: f64,
    /// A request not answered by then is aborted and counts as a network error.
    pub request_timeout_ms: f64,
}

impl Default for PollIntervals {
    fn default() -> Self {
        PollIntervals {
            after_submit_ms: 300.0,
            burst_ms: 6_000.0,
            waiting_ms: 1_000.0,
            user_turn_ms: 3_000.0,
            error_base_ms: 1_000.0,
            error_cap_ms: 30_000.0,
            request_timeout_ms: 10_000.0,
        }
    }
}

/// What the policy looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct PollSituation {
    pub now_ms: f64,
    /// When the last answer was accepted, if any.
    pub last_submit_ms: Option<f64>,
    pub user_turn: bool,
    pub consecutive_errors: u32,
    /// A random number in `[0, 1)` supplied by the shell (the core has no randomness).
    pub jitter: f64,
}

/// Milliseconds to wait before the next job read.
pub fn next_poll_delay(p: &PollIntervals, s: &PollSituation) -> f64 {
    if s.consecutive_errors > 0 {
        let exponent = (s.consecutive_errors - 1).min(16) as i32;
        let ceiling = (p.error_base_ms * 2f64.powi(exponent)).min(p.error_cap_ms);
        // Full jitter, but never a tight loop.
        return (ceiling * s.jitter.clamp(0.0, 1.0)).max(p.error_base_ms / 4.0);
    }
    let in_burst = s
        .last_submit_ms
        .is_some_and(|t| s.now_ms - t >= 0.0 && s.now_ms - t < p.burst_ms);
    if in_burst {
        p.after_submit_ms
    } else if s.user_turn {
        p.user_turn_ms
    } else {
        p.waiting_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_by_situation() {
        let p = PollIntervals::default();
        let at = |now, submit, user, errors, jitter| PollSituation {
            now_ms: now,
            last_submit_ms: submit,
            user_turn: user,
            consecutive_errors: errors,
            jitter,
        };
        let rows = [
            (at(10_000.0, Some(9_000.0), false, 0, 0.5), 300.0),
            (at(10_000.0, Some(9_000.0), true, 0, 0.5), 300.0),
            (at(20_000.0, Some(9_000.0), false, 0, 0.5), 1_000.0),
            (at(20_000.0, None, true, 0, 0.5), 3_000.0),
            (at(0.0, None, false, 1, 0.999), 999.0),
            (at(0.0, None, false, 3, 0.5), 2_000.0),
            (at(0.0, None, false, 3, 0.0), 250.0),
            (at(0.0, None, false, 40, 1.0), 30_000.0),
        ];
        for (situation, expected) in rows {
            assert_eq!(next_poll_delay(&p, &situation), expected, "{situation:?}");
        }
    }
}
