//! Golden traces for small programs: each program's whole trace, one event per line, is kept in
//! `tests/golden/<name>.trace`. Re-bless with `UPDATE_EXPECT=1 cargo test -p asyncviz-executor`.
//! Each program also runs twice to check the trace JSON is byte-identical.

use asyncviz_executor::tokio;
use asyncviz_executor::{instrument, Builder, Program};
use asyncviz_trace::{Stream, Trace};
use std::rc::Rc;
use tokio::time::{sleep, Duration};

fn out(s: &str) {
    instrument::print(format!("{s}\n"), Stream::Stdout);
}

fn render(trace: &Trace) -> String {
    let mut s = String::new();
    for e in &trace.events {
        let kind = serde_json::to_string(&e.kind).expect("events serialize");
        s += &format!("{:>4} {:>9.3}ms {kind}\n", e.seq, e.t as f64 / 1e6);
    }
    s += &format!(
        "outcome: {}\n",
        serde_json::to_string(&trace.outcome).expect("serializes")
    );
    for lint in &trace.lints {
        s += &format!(
            "lint: {}\n",
            serde_json::to_string(lint).expect("serializes")
        );
    }
    s += "output:\n";
    s += &trace.output();
    s
}

fn check(name: &str, make: fn() -> Program) {
    let run = || Builder::new().name(name).build().run_program(make());
    let trace = run();
    assert_eq!(
        trace.to_json(),
        run().to_json(),
        "{name}: the same program gives a byte-identical trace"
    );
    expect_test::expect_file![format!("golden/{name}.trace")].assert_eq(&render(&trace));
}

fn program(f: impl std::future::Future<Output = ()> + 'static) -> Program {
    Program::new("current_thread", None, true, f)
}

#[test]
fn join() {
    check("join", || {
        program(async {
            let a = async {
                sleep(Duration::from_millis(20)).await;
                out("a");
            };
            let b = async {
                sleep(Duration::from_millis(10)).await;
                out("b");
            };
            tokio::join!(a, b);
        })
    });
}

#[test]
fn select() {
    check("select", || {
        program(async {
            tokio::select! {
                biased;
                _ = sleep(Duration::from_millis(30)) => out("slow"),
                _ = sleep(Duration::from_millis(10)) => out("fast"),
            }
        })
    });
}

#[test]
fn spawn_join_handle() {
    check("spawn_join_handle", || {
        program(async {
            let h = tokio::spawn(async {
                sleep(Duration::from_millis(5)).await;
                40 + 2
            });
            out(&format!("got {}", h.await.unwrap()));
        })
    });
}

#[test]
fn abort() {
    check("abort", || {
        program(async {
            let h = tokio::spawn(async {
                sleep(Duration::from_millis(100)).await;
                out("never");
            });
            sleep(Duration::from_millis(10)).await;
            h.abort();
            out(&format!(
                "cancelled: {}",
                h.await.unwrap_err().is_cancelled()
            ));
        })
    });
}

#[test]
fn mpsc_backpressure() {
    check("mpsc_backpressure", || {
        program(async {
            let (tx, mut rx) = tokio::sync::mpsc::channel(1);
            tokio::spawn(async move {
                for i in 0..3 {
                    tx.send(i).await.unwrap();
                    out(&format!("sent {i}"));
                }
            });
            while let Some(i) = rx.recv().await {
                out(&format!("recv {i}"));
                sleep(Duration::from_millis(10)).await;
            }
        })
    });
}

#[test]
fn oneshot() {
    check("oneshot", || {
        program(async {
            let (tx, rx) = tokio::sync::oneshot::channel();
            tokio::spawn(async move {
                sleep(Duration::from_millis(7)).await;
                let _ = tx.send("hello");
            });
            out(&format!("{:?}", rx.await));
        })
    });
}

#[test]
fn mutex_contention() {
    check("mutex_contention", || {
        program(async {
            let m = Rc::new(tokio::sync::Mutex::new(0));
            let mut hs = Vec::new();
            for i in 0..3 {
                let m = m.clone();
                hs.push(tokio::spawn(async move {
                    let mut g = m.lock().await;
                    *g += 1;
                    sleep(Duration::from_millis(5)).await;
                    out(&format!("worker {i} saw {}", *g));
                }));
            }
            for h in hs {
                h.await.unwrap();
            }
        })
    });
}

#[test]
fn timeout() {
    check("timeout", || {
        program(async {
            let r =
                tokio::time::timeout(Duration::from_millis(10), sleep(Duration::from_millis(50)))
                    .await;
            out(&format!("{r:?}"));
            let r = tokio::time::timeout(Duration::from_millis(50), async { 5 }).await;
            out(&format!("{r:?}"));
        })
    });
}

#[test]
fn yield_now_interleaving() {
    check("yield_now_interleaving", || {
        program(async {
            let mut hs = Vec::new();
            for name in ["a", "b"] {
                hs.push(tokio::spawn(async move {
                    for i in 0..2 {
                        out(&format!("{name}{i}"));
                        tokio::task::yield_now().await;
                    }
                }));
            }
            for h in hs {
                h.await.unwrap();
            }
        })
    });
}

#[test]
fn hang() {
    check("hang", || {
        program(async {
            let (_tx, rx) = tokio::sync::oneshot::channel::<()>();
            let h = tokio::spawn(async move {
                let _ = rx.await;
            });
            out("waiting forever");
            let _ = h.await;
        })
    });
}

#[test]
fn blocking() {
    check("blocking", || {
        program(async {
            let h = tokio::task::spawn_blocking(|| {
                instrument::block(Duration::from_millis(30), "std::thread::sleep(30ms)");
                7
            });
            instrument::block(Duration::from_millis(5), "std::thread::sleep(5ms)");
            out(&format!("blocking gave {}", h.await.unwrap()));
        })
    });
}
