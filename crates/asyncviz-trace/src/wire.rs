//! A compact binary form of a [`Trace`], for handing a run from the interpreter's Web Worker to
//! the page.
//!
//! JSON ([`Trace::to_json`]) stays the trace's public, documented form. This one exists because
//! the page would otherwise have to link serde's JSON deserializer for every event type (about
//! 70 KB of gzipped WebAssembly, more than an eighth of the page) and parse tens of megabytes of
//! text for a long run. Here every value is written in field order: integers as LEB128
//! varints, strings and lists with their length first, `Option` and enums with a one-byte tag.
//! [`encode`] and [`decode`] are each other's inverse (tested on every golden trace); decoding
//! bytes that are not a trace is an error, never a panic.

use crate::event::{
    Actor, AdvanceReason, Event, EventKind, FrameState, Loc, PollResult, QueueKind, ResourceKind,
    ScheduleCause, Stream, TaskKind, TerminateOutcome, WakeEffect,
};
use crate::ids::{ResourceId, TaskId, WakerId};
use crate::lint::{Lint, LintKind};
use crate::trace::{Outcome, Trace, TraceMeta, WaitEdge, FORMAT_VERSION};

/// The first bytes of every encoded trace, then the format version.
const MAGIC: &[u8; 4] = b"AVZT";

/// The trace in the compact binary form.
pub fn encode(trace: &Trace) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(64 + trace.events.len() * 12));
    w.0.extend_from_slice(MAGIC);
    trace.put(&mut w);
    w.0
}

/// Reads a trace [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<Trace, String> {
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or("not an encoded AsyncViz trace")?;
    let mut r = Reader { bytes: rest, at: 0 };
    let trace = Trace::take(&mut r)?;
    if trace.format > FORMAT_VERSION {
        return Err(format!(
            "this trace has format {}, newer than this AsyncViz understands ({FORMAT_VERSION})",
            trace.format
        ));
    }
    if r.at != rest.len() {
        return Err("an encoded trace with bytes left over".into());
    }
    Ok(trace)
}

struct Writer(Vec<u8>);

impl Writer {
    fn varint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or("an encoded trace that ends too soon")?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("an encoded trace with an integer too long".into())
    }

    /// A length that fits in what is left: one byte per element at least.
    fn len(&mut self) -> Result<usize, String> {
        let n = self.varint()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err("an encoded trace with a length past its end".into());
        }
        Ok(n as usize)
    }
}

/// A value in the compact form.
trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn take(r: &mut Reader<'_>) -> Result<Self, String>;
}

impl Wire for u64 {
    fn put(&self, w: &mut Writer) {
        w.varint(*self);
    }
    fn take(r: &mut Reader<'_>) -> Result<u64, String> {
        r.varint()
    }
}

impl Wire for u32 {
    fn put(&self, w: &mut Writer) {
        w.varint(u64::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Result<u32, String> {
        u32::try_from(r.varint()?).map_err(|_| "an encoded trace with a u32 out of range".into())
    }
}

impl Wire for bool {
    fn put(&self, w: &mut Writer) {
        w.0.push(u8::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Result<bool, String> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err("an encoded trace with a bad bool".into()),
        }
    }
}

impl Wire for String {
    fn put(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        w.0.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Result<String, String> {
        let n = r.len()?;
        let bytes = &r.bytes[r.at..r.at + n];
        r.at += n;
        String::from_utf8(bytes.to_vec()).map_err(|_| "an encoded trace with bad UTF-8".into())
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.0.push(0),
            Some(v) => {
                w.0.push(1);
                v.put(w);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Option<T>, String> {
        match r.byte()? {
            0 => Ok(None),
            1 => Ok(Some(T::take(r)?)),
            _ => Err("an encoded trace with a bad option".into()),
        }
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        for v in self {
            v.put(w);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Vec<T>, String> {
        let n = r.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::take(r)?);
        }
        Ok(out)
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn take(r: &mut Reader<'_>) -> Result<(A, B), String> {
        Ok((A::take(r)?, B::take(r)?))
    }
}

/// Structs (named fields) and ids (one `u32`), field by field in order.
macro_rules! wire_struct {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Wire for $t {
            fn put(&self, w: &mut Writer) {
                $( self.$f.put(w); )*
            }
            fn take(r: &mut Reader<'_>) -> Result<$t, String> {
                Ok($t { $( $f: Wire::take(r)?, )* })
            }
        }
    )*};
}

macro_rules! wire_id {
    ($($t:ident)*) => {$(
        impl Wire for $t {
            fn put(&self, w: &mut Writer) {
                self.0.put(w);
            }
            fn take(r: &mut Reader<'_>) -> Result<$t, String> {
                Ok($t(u32::take(r)?))
            }
        }
    )*};
}

/// Enums whose variants are units or have named fields: a tag byte, then the fields in order.
macro_rules! wire_enum {
    ($($t:ident { $($tag:literal => $v:ident $({ $($f:ident),* $(,)? })?),* $(,)? })*) => {$(
        impl Wire for $t {
            fn put(&self, w: &mut Writer) {
                match self {
                    $( $t::$v $({ $($f),* })? => {
                        w.0.push($tag);
                        $( $( $f.put(w); )* )?
                    } )*
                }
            }
            fn take(r: &mut Reader<'_>) -> Result<$t, String> {
                match r.byte()? {
                    $( $tag => Ok($t::$v $({ $( $f: Wire::take(r)? ),* })?), )*
                    other => Err(format!(concat!("an encoded trace with an unknown ", stringify!($t), " tag {}"), other)),
                }
            }
        }
    )*};
}

wire_id!(TaskId WakerId ResourceId);

wire_struct! {
    Trace { format, meta, events, outcome, lints }
    TraceMeta { program, flavor, workers, poll_cost_ns, seed, deviations }
    Event { seq, t, worker, kind }
    Loc { file, line, col }
    Lint { kind, task, message, evidence }
    WaitEdge { task, resource, resource_kind, resource_name, could_wake, parked_at }
}

wire_enum! {
    EventKind {
        0 => TaskSpawn { task, parent, name, task_kind, loc },
        1 => TaskSchedule { task, cause, by, waker, queue, depth_after },
        2 => QueuePop { task, queue, depth_after },
        3 => PollStart { task, poll_no },
        4 => PollEnd { task, result },
        5 => ChildPollStart { task, depth, branch, label },
        6 => ChildPollEnd { task, depth, branch, result },
        7 => WakerClone { task, waker, from, by },
        8 => WakerDrop { task, waker, by },
        9 => WakerWake { task, waker, by_ref, by, effect },
        10 => WakerStore { waker, task, resource, slot },
        11 => WakerTake { waker, resource },
        12 => ResourceNew { resource, resource_kind, name, loc },
        13 => ResourceState { resource, attr, value },
        14 => ResourceDrop { resource },
        15 => FutureState { task, state },
        16 => Pin { task, addr, size, unpin, pinned, moved_from },
        17 => TimerRegister { timer, deadline, task },
        18 => TimerFire { timer },
        19 => TimeAdvance { from, to, reason },
        20 => Block { task, duration, label },
        21 => BlockingStart { task, lane, until },
        22 => BlockingEnd { task, lane },
        23 => Park { ready, timers },
        24 => Abort { task, by },
        25 => TaskTerminate { task, outcome },
        26 => Output { task, stream, text },
    }
    FrameState {
        0 => Unresumed,
        1 => Suspended { index, label, loc, locals },
        2 => Running,
        3 => Returned,
    }
    Outcome {
        0 => Finished { t },
        1 => Hang { t, wait_for },
        2 => BudgetExceeded { budget, limit },
        3 => Panicked { task, message },
        4 => Running,
    }
    TaskKind { 0 => BlockOn, 1 => Spawned, 2 => Blocking }
    ScheduleCause { 0 => Spawn, 1 => Wake, 2 => SelfWake, 3 => Yield, 4 => Abort }
    QueueKind { 0 => Local, 1 => Inject, 2 => BlockOnFlag }
    PollResult { 0 => Pending, 1 => Ready, 2 => Panicked }
    WakeEffect { 0 => Scheduled, 1 => Coalesced, 2 => Notified, 3 => Ignored }
    TerminateOutcome { 0 => Ready, 1 => Cancelled, 2 => Panicked, 3 => DroppedAtShutdown }
    ResourceKind { 0 => Timer, 1 => Oneshot, 2 => Mpsc, 3 => Mutex, 4 => JoinHandle, 5 => DeferList, 6 => Custom, 7 => JoinSet, 8 => Semaphore, 9 => Notify, 10 => RwLock }
    Stream { 0 => Stdout, 1 => Stderr }
    AdvanceReason { 0 => IdleJump, 1 => PollCost, 2 => Blocking }
    LintKind { 0 => LostWaker, 1 => SelfWake, 2 => BlockingPoll, 3 => LongPoll, 4 => NeverYielded, 5 => LockAcrossAwait }
}

impl Wire for Actor {
    fn put(&self, w: &mut Writer) {
        match self {
            Actor::Task(task) => {
                w.0.push(0);
                task.put(w);
            }
            Actor::Timer => w.0.push(1),
            Actor::Resource(resource) => {
                w.0.push(2);
                resource.put(w);
            }
            Actor::Blocking(lane) => {
                w.0.push(3);
                lane.put(w);
            }
            Actor::Runtime => w.0.push(4),
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Actor, String> {
        Ok(match r.byte()? {
            0 => Actor::Task(TaskId::take(r)?),
            1 => Actor::Timer,
            2 => Actor::Resource(ResourceId::take(r)?),
            3 => Actor::Blocking(u32::take(r)?),
            4 => Actor::Runtime,
            other => {
                return Err(format!(
                    "an encoded trace with an unknown Actor tag {other}"
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::golden_traces;

    #[test]
    fn every_golden_trace_survives_the_round_trip() {
        let (mut binary, mut json) = (0, 0);
        for (name, trace) in golden_traces() {
            let bytes = encode(&trace);
            assert_eq!(decode(&bytes).as_ref(), Ok(&trace), "{name}");
            binary += bytes.len();
            json += trace.to_json_compact().len();
        }
        // Much smaller than the JSON the page would otherwise parse (a small trace less so:
        // its names and notes are the same text in both).
        assert!(
            binary * 5 < json * 2,
            "{binary} bytes against {json} of JSON"
        );
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        assert!(decode(b"").is_err());
        assert!(decode(b"AVZT").is_err());
        assert!(decode(b"AVZT\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff").is_err());
        let empty = Trace {
            format: FORMAT_VERSION,
            meta: TraceMeta::default(),
            events: Vec::new(),
            outcome: Outcome::Running,
            lints: Vec::new(),
        };
        let bytes = encode(&empty);
        assert_eq!(decode(&bytes), Ok(empty));
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
    }
}
