//! Trustworthy timestamps: one wall-clock anchor taken when the widget starts, plus the
//! monotonic clock after that. Two timestamps of one challenge then differ by exactly the
//! monotonic time between them, even if the system clock is changed mid-challenge.

/// The two clocks the browser has; faked in tests.
pub trait Clock {
    /// Monotonic milliseconds (`performance.now()`).
    fn monotonic_ms(&self) -> f64;
    /// Wall-clock milliseconds since the Unix epoch (`Date.now()`).
    fn wall_ms(&self) -> f64;
}

/// Maps monotonic times to wall-clock times through one anchor (the default: the epoch at 0).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timeline {
    anchor_wall_ms: f64,
    anchor_monotonic_ms: f64,
}

impl Timeline {
    /// Reads both clocks once.
    pub fn anchored(clock: &impl Clock) -> Timeline {
        Timeline {
            anchor_monotonic_ms: clock.monotonic_ms(),
            anchor_wall_ms: clock.wall_ms(),
        }
    }

    /// Wall-clock milliseconds for a monotonic time.
    pub fn wall_ms(&self, monotonic_ms: f64) -> f64 {
        self.anchor_wall_ms + (monotonic_ms - self.anchor_monotonic_ms)
    }

    /// `YYYY-MM-DDThh:mm:ss.fffZ` for a monotonic time.
    pub fn iso(&self, monotonic_ms: f64) -> String {
        iso_utc(self.wall_ms(monotonic_ms))
    }
}

/// Formats Unix milliseconds as ISO-8601 UTC with milliseconds and `Z` (the seed's
/// `YYYY-MM-DD'T'hh:mm:ss.fff'Z'`). Times before 1970 or past 9999 are clamped.
pub fn iso_utc(unix_ms: f64) -> String {
    let ms = if unix_ms.is_finite() {
        unix_ms.round().clamp(0.0, 253_402_300_799_999.0)
    } else {
        0.0
    } as i64;
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let (hours, minutes) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60);
    let (seconds, millis) = (ms_of_day / 1000 % 60, ms_of_day % 1000);
    format!("{year:04}-{month:02}-{day:02}T{hours:02}:{minutes:02}:{seconds:02}.{millis:03}Z")
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::cell::Cell;

    /// A clock the test moves by hand.
    pub struct FakeClock {
        pub monotonic: Cell<f64>,
        pub wall: Cell<f64>,
    }

    impl Clock for FakeClock {
        fn monotonic_ms(&self) -> f64 {
            self.monotonic.get()
        }
        fn wall_ms(&self) -> f64 {
            self.wall.get()
        }
    }

    #[test]
    fn formats_like_the_seed() {
        let rows = [
            (0.0, "1970-01-01T00:00:00.000Z"),
            (1_708_563_723_123.0, "2024-02-22T01:02:03.123Z"),
            (1_708_563_729_456.4, "2024-02-22T01:02:09.456Z"),
            (951_782_400_000.0, "2000-02-29T00:00:00.000Z"),
            (4_107_542_399_999.0, "2100-02-28T23:59:59.999Z"),
            (-5.0, "1970-01-01T00:00:00.000Z"),
            (f64::NAN, "1970-01-01T00:00:00.000Z"),
        ];
        for (ms, expected) in rows {
            assert_eq!(iso_utc(ms), expected, "{ms}");
        }
    }

    #[test]
    fn differences_survive_wall_clock_changes() {
        let clock = FakeClock {
            monotonic: Cell::new(5_000.0),
            wall: Cell::new(1_708_563_723_123.0),
        };
        let timeline = Timeline::anchored(&clock);
        let sent = clock.monotonic_ms() + 1_000.0;
        // Someone sets the system clock back an hour; the monotonic clock does not care.
        clock.wall.set(clock.wall.get() - 3_600_000.0);
        let completed = sent + 6_333.0;
        assert_eq!(timeline.iso(sent), "2024-02-22T01:02:04.123Z");
        assert_eq!(timeline.iso(completed), "2024-02-22T01:02:10.456Z");
        // A timeline that re-read the wall clock would say an hour earlier.
        let reread = Timeline::anchored(&clock);
        assert_eq!(reread.iso(sent), "2024-02-22T00:02:04.123Z");
    }
}
