//! The cases of [`super::flows`]: each a story, step by step (read `describe` and `show` for
//! the short forms).

use super::*;

pub(super) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "questions answered, then success",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, submit(&["blue", "apple"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","apple"]"#, "securityQuestions g1 sending"),
                // A second click or Enter while sending sends nothing.
                Step(21.0, submit(&["blue", "apple"]), "", "securityQuestions g1 sending"),
                // Accepted: a new generation empties the form; the quick look comes at once.
                Step(30.0, verdict("0"), "read; no wake", "waiting g2"),
                Step(40.0, job(ANSWERED), "wake 300", "waiting g2"),
                // Never painted: the outcome's sent time is when it was shown.
                Step(50.0, job(SUCCEEDED_AT_ACCOUNTS), "outcome SecretQuestion Success 10..20; success at AccountList; no wake", "success g3"),
                Step(60.0, Input::Wake, "", "success g3"),
            ],
        },
        Case {
            name: "successWhen accountsReady: AccountsReady ends the shown challenge as a success",
            config: r#"{"jobId": "job-1", "successWhen": "accountsReady"}"#,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, submit(&["blue", "apple"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","apple"]"#, "securityQuestions g1 sending"),
                Step(30.0, verdict("0"), "read; no wake", "waiting g2"),
                // The job goes on gathering transactions; the widget is done.
                Step(50.0, job(ACCOUNTS_READY), "outcome SecretQuestion Success 10..20; success at AccountList", "success g3"),
                Step(60.0, Input::Wake, "", "success g3"),
            ],
        },
        Case {
            name: "successWhen done (the default): AccountsReady is still waiting",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, submit(&["blue", "apple"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","apple"]"#, "securityQuestions g1 sending"),
                Step(30.0, verdict("0"), "read; no wake", "waiting g2"),
                // The bank went past the questions: their outcome is known; the job is not done.
                Step(50.0, job(ACCOUNTS_READY), "outcome SecretQuestion Success 10..20; wake 300", "waiting g2"),
                Step(60.0, job(SUCCEEDED_AT_ACCOUNTS), "success at AccountList; no wake", "success g3"),
            ],
        },
        Case {
            name: "a rejected answer keeps the form; a lost one says so",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(1.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(2.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g1 sending"),
                Step(3.0, verdict("-1"), "answer_rejected: the bank did not accept the answer", "securityQuestions g1 Rejected"),
                Step(3.5, submit(&["a", "c"]), r#"submit securityAnswer; answer SecurityAnswer=["a","c"]"#, "securityQuestions g1 sending"),
                Step(4.0, answer_lost(), "answer_failed: cannot reach the answer service: offline", "securityQuestions g1 SendFailed"),
                Step(5.0, Input::Replied(Purpose::Answer, response(502, "")), "", "securityQuestions g1 SendFailed"),
            ],
        },
        Case {
            name: "one read at a time; a read begun before an accept is dropped",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(1.0, Input::Wake, "", "loading g0"),
                Step(2.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(3.0, Input::Wake, "read", "securityQuestions g1"),
                Step(4.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g1 sending"),
                Step(5.0, verdict("0"), "", "waiting g2"),
                Step(6.0, job(QUESTIONS), "read", "waiting g2"),
            ],
        },
        Case {
            name: "errors back off, and say reconnecting after a while",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                // One blip is not worth alarming anyone.
                Step(1.0, read_failed(503), "wake 500", "loading g0"),
                Step(600.0, Input::Wake, "read", "loading g0"),
                Step(700.0, read_offline(), "wake 1000", "loading g0"),
                Step(4_000.0, Input::Wake, "read", "loading g0"),
                Step(4_100.0, read_offline(), "network: cannot reach the job service: down; wake 2000", "loading g0 Reconnecting"),
                // "Try again" reads at once; contact again clears the notice.
                Step(4_200.0, Input::Retry, "read; no wake", "loading g0 Reconnecting"),
                Step(4_300.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
            ],
        },
        Case {
            name: "a body too large, a timeout and bad JSON are read errors like the others",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(1.0, Input::Replied(Purpose::ReadJob, Reply::TooLarge { status: 200 }), "wake 500", "loading g0"),
                Step(600.0, Input::Wake, "read", "loading g0"),
                Step(700.0, Input::Replied(Purpose::ReadJob, Reply::TimedOut), "wake 1000", "loading g0"),
                Step(4_000.0, Input::Wake, "read", "loading g0"),
                Step(4_100.0, Input::Replied(Purpose::ReadJob, response(200, "<html>")), "bad_response: the job service sent something that is not JSON; wake 2000", "loading g0 Reconnecting"),
            ],
        },
        Case {
            name: "learns how long the bank takes",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(AT_LOGIN), "wake 1000", "waiting g1"),
                Step(1_000.0, Input::Wake, "read", "waiting g1"),
                Step(1_010.0, job(AT_LOGIN), "wake 1000", "waiting g1"),
                Step(2_000.0, Input::Wake, "read", "waiting g1"),
                // Seen working at 1010 and done at 2010: the login took 1 to 2 s.
                Step(2_010.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g2"),
                Step(3_000.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g2 sending"),
                // So the looks after the answer go a quick look (300 ms) apart across that
                // second, the last at 2010 ms: the first at 1110 ms.
                Step(3_010.0, verdict("0"), "wake 1110", "waiting g3"),
                Step(4_120.0, Input::Wake, "read", "waiting g3"),
                Step(4_130.0, job(ANSWERED), "wake 300", "waiting g3"),
            ],
        },
        Case {
            name: "Retry-After is honoured, in seconds or as a date",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(100.0, read_told_to_wait(429, "7", None, 5e12), "wake 7000", "loading g0"),
                // Coming online or back into view does not jump the queue the server asked for.
                Step(1_000.0, Input::Online, "", "loading g0"),
                Step(7_100.0, Input::Wake, "read", "loading g0"),
                Step(7_200.0, read_told_to_wait(503, "Wed, 21 Oct 2015 07:28:00 GMT", Some(1_445_412_480_000.0), 1_445_412_471_000.0), "server_error: the job service answered HTTP 503; wake 9000", "loading g0 Reconnecting"),
                Step(16_200.0, Input::Wake, "read", "loading g0 Reconnecting"),
                // A day asked for is capped at 4 x errorCapMs (30 s by default): two minutes.
                Step(16_300.0, read_told_to_wait(429, "86400", None, 5e12), "wake 120000", "loading g0 Reconnecting"),
                Step(30_000.0, Input::Online, "", "loading g0 Reconnecting"),
                Step(136_300.0, Input::Wake, "read", "loading g0 Reconnecting"),
            ],
        },
        Case {
            name: "401 stops for good: the host's session is over",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(3_000.0, Input::Wake, "read", "securityQuestions g1"),
                Step(3_010.0, read_failed(401), "outcome SecretQuestion Failed ExpiredSession 20..3010; unauthorized: session expired: the job service answered 401/403", "nothing g1 SessionExpired"),
                Step(3_100.0, Input::Retry, "", "nothing g1 SessionExpired"),
            ],
        },
        Case {
            name: "403 is the same",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, read_failed(403), "unauthorized: session expired: the job service answered 401/403", "nothing g0 SessionExpired"),
            ],
        },
        Case {
            name: "404 stops for good: the job does not exist",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(16.0, Input::Painted, "", "securityQuestions g1"),
                Step(3_000.0, Input::Wake, "read", "securityQuestions g1"),
                Step(3_010.0, read_failed(404), "outcome SecretQuestion Failed ExpiredSession 16..3010; job_not_found: job not found: the job service answered 404", "nothing g1 JobNotFound"),
                Step(3_100.0, Input::Online, "", "nothing g1 JobNotFound"),
            ],
        },
        Case {
            name: "hidden tabs poll slowly and look at once when shown",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Hidden(true), "", "securityQuestions g1"),
                Step(3_000.0, Input::Wake, "read", "securityQuestions g1"),
                Step(3_010.0, job(QUESTIONS), "wake 30000", "securityQuestions g1"),
                Step(9_000.0, Input::Hidden(false), "read; no wake", "securityQuestions g1"),
                Step(9_010.0, job(QUESTIONS), "wake 3000", "securityQuestions g1"),
                Step(9_020.0, Input::Online, "read; no wake", "securityQuestions g1"),
            ],
        },
        Case {
            name: "a sign-in the bank refused is one failedAttempt and no outcome",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(REFUSED), "failedAttempt Mozilla/5.0 (test); failure LogInPanel other: We could not connect your account. Your bank reported a problem. It happened while signing in to your bank.", "failure g1"),
                Step(20.0, job(REFUSED), "", "failure g1"),
            ],
        },
        Case {
            name: "no failedAttempt when the host said not to",
            config: r#"{"jobId": "job-1", "failedAttemptEvent": false}"#,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(REFUSED), "failure LogInPanel other: We could not connect your account. Your bank reported a problem. It happened while signing in to your bank.", "failure g1"),
            ],
        },
        Case {
            name: "a failure past the login is explained, and is no failedAttempt",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(1.0, job(TIMED_OUT), "failure TokenInput timed_out: We could not connect your account. Your bank took too long to answer. It happened while your bank checked the code.", "failure g1"),
            ],
        },
        Case {
            name: "the deadline wakes the flow and times the challenge out",
            config: r#"{"jobId": "job-1", "challengeDeadlineMs": 1000}"#,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(100.0, job(QUESTIONS), "challenge securityQuestions; wake 1000", "securityQuestions g1 1s"),
                Step(120.0, Input::Painted, "", "securityQuestions g1 1s"),
                // The user-turn poll would wait 3 s; the deadline comes first.
                Step(400.0, Input::Wake, "read; wake 720", "securityQuestions g1 1s"),
                Step(450.0, job(QUESTIONS), "", "securityQuestions g1 1s"),
                Step(1_120.0, Input::Wake, "outcome SecretQuestion Failed TimedOut 120..1120; read", "securityQuestions g1"),
            ],
        },
        Case {
            // The countdown is redrawn when its number changes, and only then: the flow's one
            // wake-up is then the countdown's next second.
            name: "the countdown wakes the flow when its number next changes",
            config: r#"{"jobId": "job-1", "challengeDeadlineMs": 2500}"#,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(0.0, job(QUESTIONS), "challenge securityQuestions; wake 500", "securityQuestions g1 3s"),
                Step(0.0, Input::Painted, "", "securityQuestions g1 3s"),
                // The countdown's seconds wake the flow to redraw, not to read the job.
                Step(500.0, Input::Wake, "wake 1000", "securityQuestions g1 2s"),
                Step(1_499.0, Input::Painted, "", "securityQuestions g1 2s"),
                Step(1_500.0, Input::Wake, "wake 1000", "securityQuestions g1 1s"),
                // The deadline is the read's time too (the user-turn poll would wait 3 s).
                Step(2_500.0, Input::Wake, "outcome SecretQuestion Failed TimedOut 0..2500; read", "securityQuestions g1"),
            ],
        },
        Case {
            name: "destroy reports the open challenge, once",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(100.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(116.0, Input::Painted, "", "securityQuestions g1"),
                Step(900.0, Input::Destroy, "outcome SecretQuestion Failed ExpiredSession 116..900; no wake", "securityQuestions g1"),
                Step(950.0, Input::Destroy, "", "securityQuestions g1"),
            ],
        },
        Case {
            // A host closing its modal on mfa:submit: the answer is delivered (keepalive, not
            // aborted), and the challenge ends as its verdict says, not as expired.
            name: "destroyed with an answer on its way: its verdict says how it ended",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(100.0, submit(&["blue", "apple"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","apple"]"#, "securityQuestions g1 sending"),
                Step(110.0, Input::Destroy, "no wake", "securityQuestions g1 sending"),
                // Nothing else moves it now: no read, no second destroy's outcome.
                Step(3_000.0, Input::Wake, "", "securityQuestions g1 sending"),
                Step(3_001.0, Input::Destroy, "", "securityQuestions g1 sending"),
                Step(3_100.0, verdict("0"), "outcome SecretQuestion Success 20..100", "securityQuestions g1 sending"),
                Step(3_200.0, verdict("0"), "", "securityQuestions g1 sending"),
            ],
        },
        Case {
            name: "destroyed with an answer on its way, refused or lost",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(100.0, submit(&["blue", "apple"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","apple"]"#, "securityQuestions g1 sending"),
                Step(110.0, Input::Destroy, "no wake", "securityQuestions g1 sending"),
                Step(900.0, verdict("-1"), "outcome SecretQuestion Failed InvalidData 20..100", "securityQuestions g1 sending"),
            ],
        },
        Case {
            name: "destroyed with an answer that never arrived",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(100.0, submit(&["blue", "apple"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","apple"]"#, "securityQuestions g1 sending"),
                Step(110.0, Input::Destroy, "no wake", "securityQuestions g1 sending"),
                Step(10_100.0, answer_lost(), "outcome SecretQuestion Failed ExpiredSession 20..100", "securityQuestions g1 sending"),
            ],
        },
        Case {
            name: "an answer without a challenge to answer is ignored",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(1.0, Input::Submit(Answer::VerifyPhone), "", "loading g0"),
                Step(2.0, job(AT_LOGIN), "wake 1000", "waiting g1"),
                Step(3.0, Input::Submit(Answer::VerifyPhone), "", "waiting g1"),
                Step(4.0, Input::Destroy, "no wake", "waiting g1"),
                Step(5.0, Input::Wake, "", "waiting g1"),
            ],
        },
        Case {
            // The bank took the answer and moved on, and the job read saying so came back
            // before the answer's own reply: the questions passed, the methods stay open.
            name: "a read showing the next challenge before the accept arrives",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(100.0, submit(&["blue", "apple"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","apple"]"#, "securityQuestions g1 sending"),
                Step(150.0, Input::Wake, "read", "securityQuestions g1 sending"),
                Step(200.0, job(METHODS), "outcome SecretQuestion Success 20..100; challenge tokenMethods; wake 3000", "tokenMethods g2 sending"),
                // The accept of the earlier answer does not hide the new challenge.
                Step(250.0, verdict("0"), "", "tokenMethods g2"),
                Step(260.0, Input::Painted, "", "tokenMethods g2"),
                Step(3_000.0, Input::Wake, "read", "tokenMethods g2"),
                Step(3_010.0, job(METHODS), "wake 3000", "tokenMethods g2"),
                // Leaving now expires them (not a wrong answer).
                Step(4_000.0, Input::Destroy, "outcome MFAAppOther Failed ExpiredSession 260..4000; no wake", "tokenMethods g2"),
            ],
        },
        Case {
            // pagehide reports the open challenge as the session's end (the page may never
            // come back); pageshow from the cache reads at once and shows what the job asks
            // as new.
            name: "the back-forward cache: leave, then return",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(500.0, Input::Leave, "outcome SecretQuestion Failed ExpiredSession 20..500; no wake", "securityQuestions g1"),
                Step(600.0, Input::Wake, "", "securityQuestions g1"),
                Step(60_000.0, Input::Return, "read", "loading g2"),
                Step(60_010.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g3"),
                Step(60_020.0, Input::Painted, "", "securityQuestions g3"),
                Step(60_100.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g3 sending"),
                Step(60_110.0, verdict("0"), "read; no wake", "waiting g4"),
                Step(61_000.0, job(SUCCESS), "outcome SecretQuestion Success 60020..60100; success", "success g5"),
            ],
        },
        Case {
            // Found by the reducer's property test: coming back from the cache used to
            // forget the answer on its way, so the new screen could send a second one, and
            // the first one's reply was then taken for the second's.
            name: "an answer under way across the back-forward cache stays the only one",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(30.0, submit(&["blue", "fig"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","fig"]"#, "securityQuestions g1 sending"),
                // Completed when it was answered.
                Step(40.0, Input::Leave, "outcome SecretQuestion Failed ExpiredSession 20..30; no wake", "securityQuestions g1 sending"),
                Step(50.0, Input::Return, "read", "loading g2 sending"),
                Step(60.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g3 sending"),
                Step(70.0, submit(&["blue", "fig"]), "", "securityQuestions g3 sending"),
                // The first answer's reply is about a screen that is gone: ignored, and only
                // then can the new challenge be answered.
                Step(80.0, verdict("0"), "", "securityQuestions g3"),
                Step(90.0, submit(&["blue", "fig"]), r#"submit securityAnswer; answer SecurityAnswer=["blue","fig"]"#, "securityQuestions g3 sending"),
            ],
        },
        Case {
            // A responsive page draws the widget twice for one job, one copy in a hidden
            // block: that copy shows the user nothing, so it reports nothing, whether the
            // other copy's answer moves the job on or it is destroyed. (A challenge gone
            // before its first frame was painted at all still counts.)
            name: "a copy painted where nobody can see it reports nothing",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::PaintedHidden, "", "securityQuestions g1"),
                Step(3_000.0, Input::Wake, "read", "securityQuestions g1"),
                Step(3_010.0, job(METHODS), "challenge tokenMethods; wake 3000", "tokenMethods g2"),
                Step(3_020.0, Input::PaintedHidden, "", "tokenMethods g2"),
                Step(4_000.0, Input::Destroy, "no wake", "tokenMethods g2"),
            ],
        },
        Case {
            // The first job read can come back before the first frame is painted (a slow
            // device): the host still hears ready first, then the challenge.
            name: "a challenge read before the first paint is told after ready",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(10.0, job(QUESTIONS), "wake 3000", "securityQuestions g1"),
                Step(30.0, Input::FirstPainted, "ready; challenge securityQuestions", "securityQuestions g1"),
                Step(40.0, Input::FirstPainted, "", "securityQuestions g1"),
            ],
        },
        Case {
            name: "a reply neither 0 nor -1: not sent, the form kept, and sent again",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(30.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g1 sending"),
                Step(40.0, verdict("OK"), "answer_failed: the answer service replied neither 0 nor -1", "securityQuestions g1 SendFailed"),
                Step(50.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g1 sending"),
                Step(60.0, verdict("0"), "read; no wake", "waiting g2"),
                // Completed when it was last answered.
                Step(70.0, job(SUCCESS), "outcome SecretQuestion Success 20..50; success", "success g3"),
            ],
        },
        Case {
            name: "destroyed while in the back-forward cache: nothing more to say",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(500.0, Input::Leave, "outcome SecretQuestion Failed ExpiredSession 20..500; no wake", "securityQuestions g1"),
                // Leaving told it; a page evicted from the cache tells nothing twice.
                Step(600.0, Input::Destroy, "", "securityQuestions g1"),
                Step(700.0, Input::Return, "", "securityQuestions g1"),
                Step(800.0, Input::Wake, "", "securityQuestions g1"),
            ],
        },
        Case {
            name: "back from the cache with a read in flight",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(3_010.0, Input::Wake, "read", "securityQuestions g1"),
                Step(3_020.0, Input::Leave, "outcome SecretQuestion Failed ExpiredSession 20..3020", "securityQuestions g1"),
                // Back: no second read while the first is out (its deadline still ends it).
                Step(60_000.0, Input::Return, "", "loading g2"),
                // Its reply is from before the page left: not shown; a new read is.
                Step(60_010.0, job(QUESTIONS), "read", "loading g2"),
                Step(60_020.0, Input::Painted, "", "loading g2"),
                Step(60_030.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g3"),
            ],
        },
        Case {
            name: "an answer while reconnecting goes, and a repeated error is told once",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(3_010.0, Input::Wake, "read", "securityQuestions g1"),
                Step(3_020.0, read_failed(503), "wake 500", "securityQuestions g1"),
                Step(4_020.0, Input::Wake, "read", "securityQuestions g1"),
                Step(4_030.0, read_failed(503), "server_error: the job service answered HTTP 503; wake 1000", "securityQuestions g1 Reconnecting"),
                // The answer service is another road: the answer goes.
                Step(4_040.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g1 sending Reconnecting"),
                Step(5_040.0, Input::Wake, "read", "securityQuestions g1 sending Reconnecting"),
                // Told once per outage, however many reads fail.
                Step(5_050.0, read_failed(503), "wake 2000", "securityQuestions g1 sending Reconnecting"),
                // Accepted; the next look still waits out the job service's backoff.
                Step(5_060.0, verdict("0"), "wake 2000", "waiting g2 Reconnecting"),
                Step(7_060.0, Input::Wake, "read", "waiting g2 Reconnecting"),
                Step(7_070.0, job(ANSWERED), "wake 300", "waiting g2"),
            ],
        },
        Case {
            name: "a challenge replaced before any answer ends as replaced",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(3_010.0, Input::Wake, "read", "securityQuestions g1"),
                // Another question set before any answer: the bank refreshed it; time ran out.
                Step(3_020.0, job(OTHER_QUESTIONS), "outcome SecretQuestion Failed TimedOut 20..3020; challenge securityQuestions; wake 3000", "securityQuestions g2"),
                Step(3_030.0, Input::Painted, "", "securityQuestions g2"),
                Step(6_030.0, Input::Wake, "read", "securityQuestions g2"),
                // Moved on before any answer: the same.
                Step(6_040.0, job(METHODS), "outcome SecretQuestion Failed TimedOut 3030..6040; challenge tokenMethods; wake 3000", "tokenMethods g3"),
            ],
        },
        Case {
            name: "the job fails after a -1",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(30.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g1 sending"),
                Step(40.0, verdict("-1"), "answer_rejected: the bank did not accept the answer", "securityQuestions g1 Rejected"),
                Step(3_040.0, Input::Wake, "read", "securityQuestions g1 Rejected"),
                // Failed at its step after a refused answer; the notice was about the form.
                Step(3_050.0, job(FAILED_AT_QUESTIONS), "outcome SecretQuestion Failed IncorrectResponse 20..30; failure SecurityQuestionPanel other: We could not connect your account. Your bank reported a problem. It happened while your bank checked your security answers.", "failure g2"),
            ],
        },
        Case {
            name: "a -1, then the bank asks new questions",
            config: DEFAULT,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0"),
                Step(0.0, Input::FirstPainted, "ready", "loading g0"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1"),
                Step(20.0, Input::Painted, "", "securityQuestions g1"),
                Step(30.0, submit(&["a", "b"]), r#"submit securityAnswer; answer SecurityAnswer=["a","b"]"#, "securityQuestions g1 sending"),
                Step(40.0, verdict("-1"), "answer_rejected: the bank did not accept the answer", "securityQuestions g1 Rejected"),
                Step(3_040.0, Input::Wake, "read", "securityQuestions g1 Rejected"),
                // The same kind back after an answer, refused or taken: the answer was wrong.
                Step(3_050.0, job(OTHER_QUESTIONS), "outcome SecretQuestion Failed IncorrectResponse 20..30; challenge securityQuestions; wake 3000", "securityQuestions g2"),
            ],
        },
        Case {
            name: "ready once; cancel ends the open challenge and stops",
            config: r#"{"jobId": "job-1", "cancelable": true}"#,
            steps: vec![
                Step(0.0, Input::Start, "read", "loading g0 cancel"),
                Step(5.0, Input::FirstPainted, "ready", "loading g0 cancel"),
                Step(6.0, Input::FirstPainted, "", "loading g0 cancel"),
                Step(10.0, job(QUESTIONS), "challenge securityQuestions; wake 3000", "securityQuestions g1 cancel"),
                Step(20.0, Input::Painted, "", "securityQuestions g1 cancel"),
                // Only the notice says why.
                Step(900.0, Input::Cancel, "outcome SecretQuestion Failed ExpiredSession 20..900; cancel at securityQuestions; no wake", "nothing g1 Cancelled"),
                Step(901.0, Input::Cancel, "", "nothing g1 Cancelled"),
            ],
        },
    ]
}
