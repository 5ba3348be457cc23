//! When to read the job next (DESIGN §5), as a pure function of what happened and when.
//! Fast right after an answer (the job changes soon), slower while the user is thinking,
//! slowest while the tab is hidden, exponential backoff with full jitter after errors.

pub use crate::core::settings::PollIntervals;

/// What the policy looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct PollSituation {
    pub now_ms: f64,
    /// When the last answer was accepted, if any.
    pub last_submit_ms: Option<f64>,
    pub user_turn: bool,
    pub hidden: bool,
    /// How long the bank has been taking to move on after an answer, if known.
    pub bank_estimate_ms: Option<f64>,
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
    // Quick looks last while an answer may come: `burst_ms`, or longer for a bank that has
    // been slower than that (an 8 s bank must not fall back to the 1 s pace at 6 s).
    let burst = s
        .bank_estimate_ms
        .map_or(p.burst_ms, |e| p.burst_ms.max(e * 1.5));
    let since_submit = s.last_submit_ms.map(|t| s.now_ms - t);
    let in_burst = since_submit.is_some_and(|since| since >= 0.0 && since < burst);
    if s.hidden {
        p.hidden_ms
    } else if in_burst {
        // The bank took about `expected` to check earlier answers: look again shortly before
        // then (at 0.85 of it, but no earlier than one quick look before it), not every
        // 300 ms from the start: fewer requests, same reaction.
        let since_submit = since_submit.unwrap_or(0.0);
        let first_look = s
            .bank_estimate_ms
            .map(|e| (e * 0.85).max(e - p.after_submit_ms));
        match first_look {
            Some(first_look) if since_submit + p.after_submit_ms < first_look => {
                first_look - since_submit
            }
            _ => p.after_submit_ms,
        }
    } else if s.user_turn {
        p.user_turn_ms
    } else {
        p.waiting_ms
    }
}

/// The read schedule of one flow: the intervals plus what the flow has learnt (the bank's
/// pace after an answer, errors in a row, the server's `Retry-After`, the tab's visibility).
/// The reducer tells it what happened; it says how long to wait.
#[derive(Clone, Debug)]
pub struct ReadSchedule {
    intervals: PollIntervals,
    hidden: bool,
    last_submit_ms: Option<f64>,
    /// When the bank started working on something (the start, or an accepted answer), and the
    /// time of the last snapshot that still showed it working: to learn how long it takes.
    bank_started_ms: Option<f64>,
    last_unchanged_read_ms: f64,
    /// Whether `bank_started_ms` is the widget's start (the login) rather than an answer.
    pace_from_login: bool,
    /// How long the bank takes to move on after an answer (smoothed), once seen.
    bank_estimate_ms: Option<f64>,
    consecutive_errors: u32,
    /// No read before this time (the server's `Retry-After`).
    not_before_ms: f64,
}

impl ReadSchedule {
    pub fn new(intervals: PollIntervals) -> ReadSchedule {
        ReadSchedule {
            intervals,
            hidden: false,
            last_submit_ms: None,
            bank_started_ms: None,
            last_unchanged_read_ms: 0.0,
            pace_from_login: false,
            bank_estimate_ms: None,
            consecutive_errors: 0,
            not_before_ms: 0.0,
        }
    }

    pub fn intervals(&self) -> &PollIntervals {
        &self.intervals
    }

    /// The widget started: the bank is signing in.
    pub fn started(&mut self, now_ms: f64) {
        self.bank_started_ms = Some(now_ms);
        self.last_unchanged_read_ms = now_ms;
        self.pace_from_login = true;
    }

    pub fn set_hidden(&mut self, hidden: bool) {
        self.hidden = hidden;
    }

    /// An answer was accepted: the bank is checking it.
    pub fn answer_accepted(&mut self, now_ms: f64) {
        self.last_submit_ms = Some(now_ms);
        self.bank_started_ms = Some(now_ms);
        self.last_unchanged_read_ms = now_ms;
        self.pace_from_login = false;
    }

    /// A snapshot arrived; `bank_done` when it asks the user something or the job ended.
    pub fn job_read(&mut self, bank_done: bool, now_ms: f64) {
        self.consecutive_errors = 0;
        match self.bank_started_ms {
            Some(started) if bank_done => {
                // It moved on between the last read that saw it working and this one. The
                // login began before the widget did, so its midpoint says little; its late
                // end is the safer guess (an early look costs a request, a late one ~0.3 s).
                let took = if self.pace_from_login {
                    now_ms - started
                } else {
                    (self.last_unchanged_read_ms + now_ms) / 2.0 - started
                };
                let smoothed = self.bank_estimate_ms.map_or(took, |e| (e + took) / 2.0);
                self.bank_estimate_ms = Some(smoothed.clamp(200.0, 10_000.0));
                self.bank_started_ms = None;
            }
            Some(_) => self.last_unchanged_read_ms = now_ms,
            None => {}
        }
    }

    /// A read failed; `retry_after_ms` is the wait the server asked for, if any.
    pub fn read_failed(&mut self, retry_after_ms: Option<f64>, now_ms: f64) {
        // A server that said how long to wait gets that long (RFC 9110 Retry-After), within
        // reason.
        if let Some(wait_ms) = retry_after_ms {
            let wait_ms = wait_ms.max(0.0).min(self.intervals.error_cap_ms * 4.0);
            self.not_before_ms = now_ms + wait_ms;
        }
        self.consecutive_errors += 1;
    }

    /// How long the server asked to wait from `now_ms` (0 when reading is allowed).
    pub fn hold_ms(&self, now_ms: f64) -> f64 {
        (self.not_before_ms - now_ms).max(0.0)
    }

    /// Milliseconds until the next read. `jitter` is a random number in `[0, 1)`.
    pub fn delay(&self, user_turn: bool, now_ms: f64, jitter: f64) -> f64 {
        let wanted = next_poll_delay(
            &self.intervals,
            &PollSituation {
                now_ms,
                last_submit_ms: self.last_submit_ms,
                user_turn,
                hidden: self.hidden,
                bank_estimate_ms: self.bank_estimate_ms,
                consecutive_errors: self.consecutive_errors,
                jitter,
            },
        );
        wanted.max(self.hold_ms(now_ms))
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
            hidden: false,
            bank_estimate_ms: None,
            consecutive_errors: errors,
            jitter,
        };
        let hidden = PollSituation {
            hidden: true,
            ..at(10_000.0, Some(9_000.0), true, 0, 0.5)
        };
        // With a bank that takes ~2 s, the first look after an answer is at 1.7 s, then 300 ms.
        let learned = |now| PollSituation {
            bank_estimate_ms: Some(2_000.0),
            ..at(now, Some(10_000.0), false, 0, 0.5)
        };
        assert_eq!(next_poll_delay(&p, &learned(10_000.0)), 1_700.0);
        assert_eq!(next_poll_delay(&p, &learned(11_000.0)), 700.0);
        assert_eq!(next_poll_delay(&p, &learned(11_500.0)), 300.0);
        assert_eq!(next_poll_delay(&p, &learned(11_700.0)), 300.0);
        // A slow bank (8 s): the first look one quick look (0.3 s) before it usually answers,
        // and quick looks go on past the usual 6 s burst.
        let slow = |now| PollSituation {
            bank_estimate_ms: Some(8_000.0),
            ..at(now, Some(10_000.0), false, 0, 0.5)
        };
        assert_eq!(next_poll_delay(&p, &slow(10_000.0)), 7_700.0);
        assert_eq!(next_poll_delay(&p, &slow(17_700.0)), 300.0);
        assert_eq!(next_poll_delay(&p, &slow(19_000.0)), 300.0);
        assert_eq!(
            next_poll_delay(&p, &slow(22_500.0)),
            1_000.0,
            "past 1.5x the pace"
        );
        assert_eq!(
            next_poll_delay(&p, &hidden),
            30_000.0,
            "hidden beats everything but errors"
        );
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
