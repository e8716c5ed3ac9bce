//! The messages between the page and the interpreter's Web Worker.
//!
//! The page does not link the interpreter: syn and the evaluator live in a second WebAssembly
//! module that runs in a worker (`asyncviz-worker`), so the page downloads less and stays
//! responsive while a program runs. The page posts a [`Request`] as JSON text and gets a
//! [`Reply`] with the same `id` back. A run's trace does not travel in the JSON: the worker
//! posts it next to the reply in the compact binary form of `asyncviz_trace::wire`
//! ([`Reply::take_trace`], [`Reply::attach_trace`]), which the page decodes without serde.
//! These types are plain data: the page may use them without pulling any of the interpreter's
//! code into its own module.

use crate::{
    parse, run, run_bench_compiled, run_program, Diagnostic, RunOptions, RunResult, BENCH_PROGRAM,
};
use asyncviz_trace::{wire, Trace};
use serde::{Deserialize, Serialize};

/// What the worker posts once, when it is ready for requests; requests sent earlier would be
/// lost, so the page holds them until then.
pub const READY: &str = "asyncviz-worker-ready";

/// One request from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Chosen by the page; the reply carries it back.
    pub id: u32,
    /// What to do.
    pub job: Job,
}

/// The work a request asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Check a program without running it ([`crate::parse`]).
    Check {
        /// The program's text.
        source: String,
    },
    /// Check and run a program ([`crate::run`]).
    Run {
        /// The program's text.
        source: String,
        /// Budgets and settings.
        options: RunOptions,
    },
    /// Time one run of one variant of the interpreter benchmark ([`crate::BENCH_PROGRAM`]).
    Bench {
        /// Run the program in the interpreter (`true`) or compiled into the worker (`false`).
        interpreted: bool,
        /// Record events while running.
        record: bool,
    },
}

/// One reply from the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The request's id.
    pub id: u32,
    /// What came of it.
    pub answer: Answer,
}

/// What came of a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The diagnostics of [`Job::Check`].
    Checked(Vec<Diagnostic>),
    /// The result of [`Job::Run`].
    Ran {
        /// Diagnostics from the checks and from the run.
        diagnostics: Vec<Diagnostic>,
        /// The trace of the run (absent if the program did not pass the checks). Never in the
        /// JSON: see [`Reply::take_trace`].
        #[serde(skip)]
        trace: Option<Trace>,
    },
    /// The wall-clock time of [`Job::Bench`]'s run, in milliseconds.
    Timed(f64),
    /// The request could not be read (a page and worker from different builds).
    BadRequest(String),
}

impl Request {
    /// The request as the JSON text the page posts.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a request the page posted.
    pub fn from_json(text: &str) -> Result<Request, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

impl Answer {
    /// A run's result as the answer to [`Job::Run`].
    pub fn ran(result: RunResult) -> Answer {
        Answer::Ran {
            diagnostics: result.diagnostics,
            trace: result.trace,
        }
    }
}

impl Reply {
    /// Takes a run's trace out of the reply, in the binary form the worker posts next to the
    /// reply's JSON.
    pub fn take_trace(&mut self) -> Option<Vec<u8>> {
        match &mut self.answer {
            Answer::Ran { trace, .. } => trace.take().map(|t| wire::encode(&t)),
            _ => None,
        }
    }

    /// Puts back the trace [`Reply::take_trace`] took, from the bytes posted with the reply.
    pub fn attach_trace(&mut self, bytes: &[u8]) -> Result<(), String> {
        match &mut self.answer {
            Answer::Ran { trace, .. } => {
                *trace = Some(wire::decode(bytes)?);
                Ok(())
            }
            _ => Err("a trace came with a reply that is not a run".into()),
        }
    }

    /// The reply as the JSON text the worker posts.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a reply the worker posted.
    pub fn from_json(text: &str) -> Result<Reply, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// Does what a request asks: the worker's whole job. `now_ms` is a clock for benchmark runs
/// only (the worker passes `performance.now()`); checks and runs never read it.
pub fn answer(request: &str, now_ms: impl Fn() -> f64) -> Reply {
    let request = match Request::from_json(request) {
        Ok(request) => request,
        Err(e) => {
            return Reply {
                id: 0,
                answer: Answer::BadRequest(e),
            }
        }
    };
    let answer = match request.job {
        Job::Check { source } => Answer::Checked(parse(&source).diagnostics),
        Job::Run { source, options } => Answer::ran(run(&source, options)),
        Job::Bench {
            interpreted,
            record,
        } => match parse(BENCH_PROGRAM).program {
            Some(program) => {
                let start = now_ms();
                if interpreted {
                    run_program(&program, RunOptions::unlimited(record));
                } else {
                    run_bench_compiled(record);
                }
                Answer::Timed(now_ms() - start)
            }
            None => Answer::BadRequest("the benchmark program does not check".into()),
        },
    };
    Reply {
        id: request.id,
        answer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{run, BENCH_PROGRAM};

    #[test]
    fn requests_and_replies_survive_the_trip_as_json() {
        let request = Request {
            id: 7,
            job: Job::Run {
                source: BENCH_PROGRAM.to_string(),
                options: RunOptions::default(),
            },
        };
        assert_eq!(Request::from_json(&request.to_json()), Ok(request));

        let ran = run(
            "#[tokio::main]\nasync fn main() {\n    tokio::task::yield_now().await;\n    println!(\"hi\");\n}\n",
            RunOptions::default(),
        );
        assert!(ran.trace.is_some(), "{:?}", ran.diagnostics);
        let mut reply = Reply {
            id: 7,
            answer: Answer::ran(ran),
        };
        let sent = reply.clone();
        // As the worker posts it: the JSON without the trace, the trace as bytes beside it.
        let bytes = reply.take_trace().expect("a run has a trace");
        let mut got = Reply::from_json(&reply.to_json()).expect("the JSON reads back");
        assert!(matches!(got.answer, Answer::Ran { trace: None, .. }));
        got.attach_trace(&bytes).expect("the bytes decode");
        assert_eq!(got, sent);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Request::from_json("{\"id\":1}").is_err());
        assert!(Reply::from_json("not json").is_err());
        let reply = answer("{\"id\":1}", || 0.0);
        assert!(matches!(reply.answer, Answer::BadRequest(_)), "{reply:?}");
    }

    #[test]
    fn the_worker_checks_and_runs_as_the_library_does() {
        let source = "#[tokio::main]\nasync fn main() {\n    println!(\"{}\", 1 + );\n}\n";
        let check = Request {
            id: 3,
            job: Job::Check {
                source: source.to_string(),
            },
        };
        let reply = answer(&check.to_json(), || 0.0);
        assert_eq!(reply.id, 3);
        assert_eq!(reply.answer, Answer::Checked(parse(source).diagnostics));

        let good = "#[tokio::main]\nasync fn main() {\n    println!(\"hi\");\n}\n";
        let run_it = Request {
            id: 4,
            job: Job::Run {
                source: good.to_string(),
                options: RunOptions::default(),
            },
        };
        let reply = answer(&run_it.to_json(), || 0.0);
        assert_eq!(
            reply.answer,
            Answer::ran(run(good, RunOptions::default())),
            "identical to running in place"
        );
    }

    #[test]
    fn bench_runs_are_timed_with_the_given_clock() {
        let clock = std::cell::Cell::new(0.0);
        let tick = || {
            clock.set(clock.get() + 5.0);
            clock.get()
        };
        let bench = Request {
            id: 9,
            job: Job::Bench {
                interpreted: false,
                record: false,
            },
        };
        let reply = answer(&bench.to_json(), tick);
        assert_eq!(reply.answer, Answer::Timed(5.0));
    }
}
