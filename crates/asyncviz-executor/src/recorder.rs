//! Where events go. Recording can be switched off, so the same executor can be benchmarked
//! with and without instrumentation.

use asyncviz_trace::{Event, EventKind};

/// The event log of one run.
///
/// Invariant: `events[i].seq == i` and timestamps never decrease.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pub(crate) enabled: bool,
    pub(crate) events: Vec<Event>,
}

impl Recorder {
    pub(crate) fn push(&mut self, t: u64, kind: EventKind) {
        let seq = self.events.len() as u64;
        self.events.push(Event {
            seq,
            t,
            worker: 0,
            kind,
        });
    }
}

/// Records an event if recording is on. The event expression is not evaluated otherwise, so
/// building strings for it costs nothing when recording is off.
macro_rules! rec {
    ($st:expr, $kind:expr) => {{
        let st: &mut $crate::runtime::State = $st;
        if st.rec.enabled {
            let kind = $kind;
            let now = st.now;
            st.rec.push(now, kind);
        }
    }};
}
pub(crate) use rec;
