//! When to read the job next (DESIGN §5), as a pure function of what happened and when.
//! Fast right after an answer (the job changes soon), slower the longer the bank works
//! unchanged and while the user is thinking, slowest while the tab is hidden, exponential
//! backoff with full jitter after errors.

use crate::core::io::backoff_ms;
pub use crate::core::settings::PollIntervals;

/// What the policy looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct PollSituation {
    pub now_ms: f64,
    /// When the last answer was accepted, if any.
    pub last_submit_ms: Option<f64>,
    pub user_turn: bool,
    /// How long the bank has been working unchanged (since the start or the last accepted
    /// answer), while it is.
    pub working_ms: Option<f64>,
    pub hidden: bool,
    /// How long the bank has been taking to move on, if seen.
    pub pace: Option<Pace>,
    pub consecutive_errors: u32,
    /// A random number in `[0, 1)` supplied by the shell (the core has no randomness).
    pub jitter: f64,
}

/// Milliseconds to wait before the next job read.
pub fn next_poll_delay(p: &PollIntervals, s: &PollSituation) -> f64 {
    if s.consecutive_errors > 0 {
        let (base, cap) = (p.error_base_ms, p.error_cap_ms);
        return backoff_ms(s.consecutive_errors, base, cap, base / 4.0, s.jitter);
    }
    // Quick looks last while an answer may come: `burst_ms`, or longer for a bank that has
    // been slower than that (an 8 s bank must not fall back to the 1 s pace at 6 s).
    let burst = s
        .pace
        .map_or(p.burst_ms, |pace| p.burst_ms.max(pace.hi * 1.5));
    let since_submit = s.last_submit_ms.map(|t| s.now_ms - t);
    let in_burst = since_submit.is_some_and(|since| since >= 0.0 && since < burst);
    if s.hidden {
        p.hidden_ms
    } else if in_burst {
        // Nothing learnt (or a host that made quick looks no quicker than waiting, asking
        // for a fixed pace): quick looks. Otherwise the looks follow what was seen.
        let since_submit = since_submit.unwrap_or(0.0);
        let quick = p.after_submit_ms;
        match s.pace.filter(|_| quick < p.waiting_ms) {
            Some(pace) => pace.next_look(since_submit, quick),
            None => quick,
        }
    } else if s.user_turn {
        p.user_turn_ms
    } else {
        waiting_delay(p, s.working_ms)
    }
}

/// A read every this much of the time the bank has been working: how fast the waiting pace
/// slows (1 s for the first 2 s, 2 s at 4 s, 2.8 s from 5.6 s).
const WAITING_GROWTH: f64 = 0.5;

/// While the bank works unchanged, nobody waits on their own answer: the longer it has been
/// at it, the less a second's difference matters, so reads grow apart from `waiting_ms`
/// towards `waiting_max_ms` (a 90-s login read about 36 times, not 90; DESIGN §5).
fn waiting_delay(p: &PollIntervals, working_ms: Option<f64>) -> f64 {
    let grown = working_ms.unwrap_or(0.0) * WAITING_GROWTH;
    grown.clamp(p.waiting_ms, p.waiting_max_ms.max(p.waiting_ms))
}

/// How long the bank took to move on from its start (the login, or an accepted answer): more
/// than `lo` ms (a read still saw it working), at most `hi` ms (a read saw it done).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    pub lo: f64,
    pub hi: f64,
    /// The last answer was seen done at its first look: this time look half a quick look
    /// before `hi`, to find out whether the bank got quicker (then at `hi` if it did not).
    pub probe: bool,
}

impl Pace {
    /// A window seen after an answer or the login.
    pub fn seen(lo: f64, hi: f64) -> Pace {
        Pace {
            lo,
            hi,
            probe: false,
        }
    }

    /// The wait from `since` (ms after the answer) to the next look. The looks go a quick
    /// look apart across the window, the last one at `hi`, so the first lands just after
    /// `lo` (no use asking before then): one read for a window of one quick look (a pace
    /// learnt from an answer), a few for the login's (seen at the waiting pace). A look
    /// never passes `hi`; after it, quick looks until the burst ends.
    fn next_look(&self, since: f64, quick: f64) -> f64 {
        let looks = ((self.hi - self.lo) / quick - 0.1).ceil().max(1.0);
        let mut first = self.hi - quick * (looks - 1.0);
        if self.probe && looks == 1.0 {
            first -= quick / 2.0;
        }
        if since + quick < first {
            first - since
        } else if since < self.hi - 1.0 {
            quick.min(self.hi - since)
        } else {
            quick
        }
    }

    /// The mean of two windows: a bank's pace drifts, and one slow answer should not double
    /// the next wait.
    fn blend(self, other: Pace) -> Pace {
        Pace::seen((self.lo + other.lo) / 2.0, (self.hi + other.hi) / 2.0)
    }
}

/// The longest pace learnt: an answer the bank took longer over is taken as this long.
const PACE_CEILING_MS: f64 = 10_000.0;

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
    working_on_login: bool,
    /// How long the bank takes to move on, once seen: from the login until an answer was
    /// checked, then from answers only (blended).
    pace: Option<Pace>,
    pace_from_answers: bool,
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
            working_on_login: false,
            pace: None,
            pace_from_answers: false,
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
        self.working_on_login = true;
    }

    pub fn set_hidden(&mut self, hidden: bool) {
        self.hidden = hidden;
    }

    /// An answer was accepted: the bank is checking it.
    pub fn answer_accepted(&mut self, now_ms: f64) {
        self.last_submit_ms = Some(now_ms);
        self.bank_started_ms = Some(now_ms);
        self.last_unchanged_read_ms = now_ms;
        self.working_on_login = false;
    }

    /// A snapshot arrived; `bank_done` when it asks the user something or the job ended.
    pub fn job_read(&mut self, bank_done: bool, now_ms: f64) {
        self.consecutive_errors = 0;
        match self.bank_started_ms {
            // A login longer than the ceiling says nothing of how long an answer takes (a card
            // issuer's sign-in takes 60-90 s, its answers seconds): nothing is learnt.
            Some(started)
                if bank_done && self.working_on_login && now_ms - started > PACE_CEILING_MS =>
            {
                self.bank_started_ms = None;
            }
            Some(started) if bank_done => {
                // It moved on between the last read that saw it working and this one. (The
                // login began before the widget did: it took longer than this says, which only
                // makes the first answer's looks start early.)
                let hi = (now_ms - started).clamp(0.0, PACE_CEILING_MS);
                let from_answer = !self.working_on_login;
                let seen_working = self.last_unchanged_read_ms > started;
                self.pace = Some(match self.pace {
                    // Done at the first look: all this says is that it took no longer. Probe
                    // earlier next time, so a bank that got quicker is found out.
                    Some(pace) if from_answer && !seen_working => Pace {
                        hi: pace.hi.min(hi),
                        probe: true,
                        ..pace
                    },
                    _ => {
                        let seen =
                            Pace::seen((self.last_unchanged_read_ms - started).clamp(0.0, hi), hi);
                        match self.pace {
                            Some(pace) if from_answer && self.pace_from_answers => pace.blend(seen),
                            _ => seen,
                        }
                    }
                });
                self.pace_from_answers |= from_answer;
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
                working_ms: self.bank_started_ms.map(|started| now_ms - started),
                hidden: self.hidden,
                pace: self.pace,
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
            working_ms: None,
            hidden: false,
            pace: None,
            consecutive_errors: errors,
            jitter,
        };
        let hidden = PollSituation {
            hidden: true,
            ..at(10_000.0, Some(9_000.0), true, 0, 0.5)
        };
        // A pace learnt from an answer (done between 1.7 and 2 s): one look, at 2 s; then
        // quick looks.
        let learned = |now| PollSituation {
            pace: Some(Pace::seen(1_700.0, 2_000.0)),
            ..at(now, Some(10_000.0), false, 0, 0.5)
        };
        assert_eq!(next_poll_delay(&p, &learned(10_000.0)), 2_000.0);
        assert_eq!(next_poll_delay(&p, &learned(11_000.0)), 1_000.0);
        assert_eq!(next_poll_delay(&p, &learned(11_700.0)), 300.0);
        assert_eq!(next_poll_delay(&p, &learned(12_000.0)), 300.0);
        // The login's window, seen at the waiting pace (done between 7 and 8 s): four looks
        // across it, the first at 7.1 s; quick looks go on past the usual 6 s burst.
        let slow = |now| PollSituation {
            pace: Some(Pace::seen(7_000.0, 8_000.0)),
            ..at(now, Some(10_000.0), false, 0, 0.5)
        };
        assert_eq!(next_poll_delay(&p, &slow(10_000.0)), 7_100.0);
        assert_eq!(next_poll_delay(&p, &slow(17_100.0)), 300.0);
        assert_eq!(next_poll_delay(&p, &slow(19_000.0)), 300.0);
        assert_eq!(
            next_poll_delay(&p, &slow(22_500.0)),
            1_000.0,
            "past 1.5x the pace"
        );
        // A bank seen done within the first quick look: quick looks from the start.
        let quick = PollSituation {
            pace: Some(Pace::seen(0.0, 900.0)),
            ..at(10_000.0, Some(10_000.0), false, 0, 0.5)
        };
        assert_eq!(next_poll_delay(&p, &quick), 300.0);
        // A fixed pace asked for (quick looks as slow as waiting) learns nothing.
        let fixed = PollIntervals {
            after_submit_ms: 3_000.0,
            waiting_ms: 3_000.0,
            ..PollIntervals::default()
        };
        assert_eq!(next_poll_delay(&fixed, &slow(10_000.0)), 3_000.0);
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
        // While the bank works unchanged, reads grow apart: 1 s, then half the time it has
        // been working, up to 2.8 s; a host's fixed pace stays fixed.
        let working = |ms| PollSituation {
            working_ms: Some(ms),
            ..at(ms, None, false, 0, 0.5)
        };
        for (ms, expected) in [
            (0.0, 1_000.0),
            (1_500.0, 1_000.0),
            (4_000.0, 2_000.0),
            (60_000.0, 2_800.0),
        ] {
            assert_eq!(next_poll_delay(&p, &working(ms)), expected, "after {ms} ms");
        }
        assert_eq!(next_poll_delay(&fixed, &working(60_000.0)), 3_000.0);
    }

    #[test]
    fn a_long_login_teaches_nothing_of_answers() {
        let mut schedule = ReadSchedule::new(PollIntervals::default());
        schedule.started(0.0);
        schedule.job_read(false, 28_000.0);
        schedule.job_read(true, 30_000.0);
        schedule.answer_accepted(40_000.0);
        // Quick looks from the answer on, not a 10-s wait for a pace the login suggested.
        assert_eq!(schedule.delay(false, 40_000.0, 0.5), 300.0);
        // A short one does: its window (1.7-2 s) is where the answer is looked for.
        let mut schedule = ReadSchedule::new(PollIntervals::default());
        schedule.started(0.0);
        schedule.job_read(false, 1_700.0);
        schedule.job_read(true, 2_000.0);
        schedule.answer_accepted(10_000.0);
        assert_eq!(schedule.delay(false, 10_000.0, 0.5), 2_000.0);
    }
}
