//! The reaction goals against a simulated bank, driven through the real [`Flow`]: the same
//! reducer that ships, fed job replies, verdicts, wake-ups and paints at simulated times, over a
//! loopback-like network. The bank logs in, then checks each of three answers (questions, a
//! delivery method, a code), each in its own time, which may change from one answer to the
//! next; the user answers the moment a challenge is painted; the widget starts `offset_ms`
//! after the job (the page's load: the simulation tries them all).

use super::tests::{flow, response};
use super::*;
use crate::core::job::answer::Answer;

const ANSWERS: usize = 3;

/// The page's times: half a round trip to the server, and a job's state to its frame painted.
#[derive(Clone, Copy, Debug)]
struct Network {
    half_trip_ms: f64,
    paint_ms: f64,
}

/// One flow: the reaction (bank done → painted) to each answer, and the job reads it took;
/// and of the login: the reads until its challenge was painted, and how long after it
/// appeared.
#[derive(Debug)]
struct Run {
    reactions: Vec<f64>,
    reads: u32,
    login_reads: u32,
    login_seen_ms: f64,
}

/// The job as the Job API shows it: stage 0 is the login, 1–3 the challenges, 4 success. A
/// stage is shown from `ready_at`; before then the job shows the stage before, answered (or
/// the login still under way).
struct Bank {
    stage: usize,
    ready_at: f64,
    /// How long the bank takes: to log in, then to check each answer.
    delays: [f64; ANSWERS + 1],
}

impl Bank {
    /// The job at `t` (the time the read reaches the server).
    fn job_at(&self, t: f64) -> String {
        let (stage, answered) = if t >= self.ready_at {
            (self.stage, false)
        } else {
            (self.stage - 1, self.stage > 1)
        };
        let mut fields = vec![r#""LastStep": "LogInPanel""#];
        if stage >= 1 {
            fields = vec![
                r#""SecurityQuestion": "['color?', 'fruit?']""#,
                r#""LastStep": "SecurityQuestionPanel""#,
            ];
        }
        if stage > 1 || (stage == 1 && answered) {
            fields.push(r#""SecurityAnswer": "x""#);
        }
        if stage >= 2 {
            fields.push(r#""TokenMethod": "['Email me', 'Text me']""#);
        }
        if stage > 2 || (stage == 2 && answered) {
            fields.push(r#""TokenChoice": "Email me""#);
        }
        if stage >= 3 {
            fields.push(r#""TokenSentFlag": "True""#);
        }
        if stage == 3 && answered {
            fields.push(r#""TokenInput": "1234""#);
        }
        if stage == 4 {
            fields = vec![r#""SuccessFlag": "True""#, r#""LastStep": "AccountList""#];
        }
        format!("{{{}}}", fields.join(", "))
    }

    /// An answer reached the bank at `t`: it shows the next stage once it has checked it.
    fn answered(&mut self, t: f64) {
        self.stage += 1;
        self.ready_at = t + self.delays[self.stage - 1];
    }
}

/// What happens next in the simulation.
#[derive(Debug)]
enum Event {
    Input(Input),
    /// The flow's wake-up, if it is still the last one asked for.
    Wake(u32),
    /// The new challenge's frame is painted; the user answers it at once.
    Painted(&'static str),
}

fn answer_for(kind: &str) -> Answer {
    match kind {
        "securityQuestions" => Answer::SecurityAnswers(vec!["blue".into(), "fig".into()]),
        "tokenMethods" => Answer::TokenChoice("Email me".into()),
        _ => Answer::TokenCode("1234".into()),
    }
}

/// One flow under `config`, with the bank taking `delays` (login, then each answer).
fn run_flow(config: &str, delays: [f64; ANSWERS + 1], offset_ms: f64, net: Network) -> Run {
    let Network {
        half_trip_ms,
        paint_ms,
    } = net;
    let mut flow = flow(config);
    let mut bank = Bank {
        stage: 1,
        ready_at: delays[0],
        delays,
    };
    let mut queue: Vec<(f64, Event)> = vec![
        (offset_ms, Event::Input(Input::Start)),
        (offset_ms, Event::Input(Input::FirstPainted)),
    ];
    let (mut reads, mut wakes) = (0, 0);
    let (mut login_reads, mut login_seen_ms) = (0, f64::NAN);
    let mut reactions = Vec::new();
    while let Some(next) = (0..queue.len()).min_by(|&a, &b| queue[a].0.total_cmp(&queue[b].0)) {
        let (now, event) = queue.remove(next);
        assert!(now < 600_000.0, "the flow never finished: {reactions:?}");
        let input = match event {
            Event::Input(input) => input,
            Event::Wake(n) if n == wakes => Input::Wake,
            Event::Wake(_) => continue,
            Event::Painted(kind) => {
                flow.step(Input::Painted, now, 0.5);
                Input::Submit(answer_for(kind))
            }
        };
        for effect in flow.step(input, now, 0.5) {
            match effect {
                Effect::Request(Purpose::ReadJob, _) => {
                    reads += 1;
                    let reply = response(200, &bank.job_at(now + half_trip_ms));
                    let input = Input::Replied(Purpose::ReadJob, reply);
                    queue.push((now + 2.0 * half_trip_ms, Event::Input(input)));
                }
                Effect::Request(Purpose::Answer, _) => {
                    bank.answered(now + half_trip_ms);
                    let input = Input::Replied(Purpose::Answer, response(200, "0"));
                    queue.push((now + 2.0 * half_trip_ms, Event::Input(input)));
                }
                Effect::WakeAt(at) => {
                    // The last one asked for is the one pending.
                    wakes += 1;
                    if let Some(at) = at {
                        queue.push((at, Event::Wake(wakes)));
                    }
                }
                Effect::Emit(HostEvent::Challenge { kind }) => {
                    if bank.stage > 1 {
                        reactions.push(now + paint_ms - bank.ready_at);
                    } else {
                        (login_reads, login_seen_ms) = (reads, now + paint_ms - bank.ready_at);
                    }
                    queue.push((now + paint_ms, Event::Painted(kind)));
                }
                Effect::Emit(HostEvent::Success { .. }) => {
                    reactions.push(now + paint_ms - bank.ready_at);
                    assert_eq!(reactions.len(), ANSWERS);
                    return Run {
                        reactions,
                        reads,
                        login_reads,
                        login_seen_ms,
                    };
                }
                Effect::Emit(_) | Effect::PostEvent(_) => {}
            }
        }
    }
    panic!("the flow stopped asking: {reactions:?}")
}

/// The widget as it ships.
const SHIPPED: &str = r#"{"jobId": "job-1"}"#;
/// The bench's reference: the same widget told to read every 3 s (`&fixed=1`).
const EVERY_3_S: &str = r#"{"jobId": "job-1", "poll": {"afterSubmitMs": 3000, "waitingMs": 3000, "userTurnMs": 3000, "hiddenMs": 3000}}"#;

/// Loopback round trips of 4–24 ms, paints of 20–60 ms.
fn networks() -> impl Iterator<Item = Network> {
    [2.0, 5.0, 8.0, 12.0].into_iter().flat_map(|half_trip_ms| {
        [20.0, 35.0, 60.0].into_iter().map(move |paint_ms| Network {
            half_trip_ms,
            paint_ms,
        })
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A table row: one bank, steady or changing pace (login, then each answer).
type Bank3 = (&'static str, [f64; ANSWERS + 1]);

/// Runs each bank at every page load and network; returns the table and the goals missed:
/// p50 within 300 ms for the first answer as for later ones (#24), no reaction over 400 ms,
/// and at most two reads per answer over the 3-s reference.
fn sweep(banks: &[Bank3]) -> (String, Vec<String>) {
    let (mut report, mut missed) = (String::new(), Vec::new());
    for &(bank, delays) in banks {
        let (mut first, mut later, mut extra) = (Vec::new(), Vec::new(), Vec::new());
        for (step, net) in (0..40).flat_map(|step| networks().map(move |net| (step, net))) {
            let offset_ms = 25.0 * f64::from(step);
            let run = run_flow(SHIPPED, delays, offset_ms, net);
            let fixed = run_flow(EVERY_3_S, delays, offset_ms, net);
            first.push(run.reactions[0]);
            later.extend_from_slice(&run.reactions[1..]);
            extra.push(f64::from(run.reads) - f64::from(fixed.reads));
        }
        let worst = |v: &[f64]| v.iter().copied().fold(f64::MIN, f64::max);
        let mean_extra = extra.iter().sum::<f64>() / extra.len() as f64;
        report += &format!(
            "{bank:>16}: first p50 {:>4.0} max {:>4.0}; later p50 {:>4.0} max {:>4.0}; reads over fixed mean {mean_extra:>4.1} max {:>3}\n",
            median(first.clone()),
            worst(&first),
            median(later.clone()),
            worst(&later),
            worst(&extra),
        );
        if median(first.clone()) > 300.0 || median(later.clone()) > 300.0 {
            missed.push(format!("{bank}: a p50 over 300 ms"));
        }
        if worst(&first).max(worst(&later)) > 400.0 {
            missed.push(format!("{bank}: a reaction over 400 ms"));
        }
        if mean_extra > 2.0 * ANSWERS as f64 {
            missed.push(format!("{bank}: {mean_extra:.1} reads over the reference"));
        }
    }
    (report, missed)
}

#[test]
fn reactions_and_reads_for_a_bank_at_a_steady_pace() {
    // `cargo test -p mfa-widget --lib bank_sim -- --nocapture` prints the table.
    let (report, missed) = sweep(&[
        ("steady 0.5 s", [500.0; 4]),
        ("steady 0.8 s", [800.0; 4]),
        ("steady 1.5 s", [1_500.0; 4]),
        ("steady 3 s", [3_000.0; 4]),
        ("steady 8 s", [8_000.0; 4]),
    ]);
    eprintln!("{report}");
    assert!(missed.is_empty(), "{}\n{report}", missed.join("\n"));
}

#[test]
#[ignore = "known gap (issue 33 item 14, with #32 item 4): the learnt pace waits out a bank that got quicker (reactions of 1.3-6.9 s) and looks every 300 ms at one that got slower (11-21 reads over the 3-s reference); run with --ignored"]
fn reactions_and_reads_for_a_bank_that_changes_pace() {
    let (report, missed) = sweep(&[
        ("fast, then slow", [500.0, 500.0, 4_000.0, 8_000.0]),
        ("slow, then fast", [8_000.0, 6_000.0, 800.0, 300.0]),
        ("up and down", [1_000.0, 6_000.0, 400.0, 5_000.0]),
    ]);
    eprintln!("{report}");
    assert!(missed.is_empty(), "{}\n{report}", missed.join("\n"));
}

#[test]
fn a_long_login_is_read_about_as_often_as_every_3_s_and_seen_soon() {
    // Card issuers' sign-ins take 30-90 s before the first challenge (#32); the bank then
    // checks answers in 1.5 s. Each row's logins end at every 100 ms of 30 s around its
    // length: at every phase of the reads, about evenly (over ten read periods, so no phase
    // counts much more than another).
    let (mut report, mut missed) = (String::new(), Vec::new());
    for login in [30_000.0, 45_000.0, 60_000.0, 90_000.0] {
        let (mut reads, mut extra, mut seen, mut first) = (vec![], vec![], vec![], vec![]);
        let spread = (0..300).map(|step| login - 15_000.0 + 100.0 * f64::from(step));
        for (login, net) in spread.flat_map(|l| networks().step_by(3).map(move |net| (l, net))) {
            let delays = [login, 1_500.0, 1_500.0, 1_500.0];
            let run = run_flow(SHIPPED, delays, 0.0, net);
            let fixed = run_flow(EVERY_3_S, delays, 0.0, net);
            reads.push(f64::from(run.login_reads));
            extra.push(f64::from(run.login_reads) - f64::from(fixed.login_reads));
            seen.push(run.login_seen_ms);
            first.push(run.reactions[0]);
        }
        let worst = |v: &[f64]| v.iter().copied().fold(f64::MIN, f64::max);
        let name = format!("login {:.0} s", login / 1_000.0);
        report += &format!(
            "{name:>16}: reads p50 {:>4.0} max {:>4.0}, over every-3-s max {:>3}; seen p50 {:>5.0} max {:>5.0}; first answer p50 {:>4.0}\n",
            median(reads.clone()),
            worst(&reads),
            worst(&extra),
            median(seen.clone()),
            worst(&seen),
            median(first.clone()),
        );
        if worst(&extra) > 5.0 {
            missed.push(format!("{name}: {} reads over every 3 s", worst(&extra)));
        }
        if median(seen.clone()) > 1_500.0 {
            missed.push(format!("{name}: its challenge seen over 1.5 s late (p50)"));
        }
        if login == 45_000.0 && median(reads.clone()) > 22.0 {
            missed.push(format!("{name}: {} reads (p50)", median(reads)));
        }
        // The login said nothing of the answers: the first is looked for quickly anyway.
        if median(first) > 300.0 {
            missed.push(format!(
                "{name}: the first answer seen over 300 ms late (p50)"
            ));
        }
    }
    eprintln!("{report}");
    assert!(missed.is_empty(), "{}\n{report}", missed.join("\n"));
}
