//! Virtual time: tokio's `time` module on the executor's clock. Timers have tokio's 1 ms
//! resolution: a deadline rounds up to the next millisecond tick, and a timer whose tick has
//! already been processed fires the moment it is registered.

use crate::context::{expect_state, with_state};
use crate::coop;
use crate::instrument::{caller_loc, note_await};
use crate::recorder::rec;
use crate::runtime::State;
use crate::waker::WakerSlot;
use asyncviz_trace::{EventKind, Loc, ResourceId, ResourceKind};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::panic::Location;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

pub use std::time::Duration;

const NS_PER_MS: u64 = 1_000_000;

/// A point in virtual time, as `tokio::time::Instant` under a paused clock.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    ns: u64,
}

impl Instant {
    /// The current virtual time (the start, outside a runtime).
    pub fn now() -> Instant {
        Instant {
            ns: with_state(|st| st.now).unwrap_or(0),
        }
    }

    /// Virtual time since `self`.
    pub fn elapsed(&self) -> Duration {
        Instant::now().saturating_duration_since(*self)
    }

    /// Time from `earlier` to `self`, or zero if `earlier` is later.
    pub fn duration_since(&self, earlier: Instant) -> Duration {
        self.saturating_duration_since(earlier)
    }

    /// Time from `earlier` to `self`, or zero if `earlier` is later.
    pub fn saturating_duration_since(&self, earlier: Instant) -> Duration {
        Duration::from_nanos(self.ns.saturating_sub(earlier.ns))
    }

    /// Time from `earlier` to `self`, or `None` if `earlier` is later.
    pub fn checked_duration_since(&self, earlier: Instant) -> Option<Duration> {
        self.ns.checked_sub(earlier.ns).map(Duration::from_nanos)
    }

    /// `self + d`, or `None` on overflow.
    pub fn checked_add(&self, d: Duration) -> Option<Instant> {
        u64::try_from(d.as_nanos())
            .ok()
            .and_then(|n| self.ns.checked_add(n))
            .map(|ns| Instant { ns })
    }

    /// `self - d`, or `None` before the start.
    pub fn checked_sub(&self, d: Duration) -> Option<Instant> {
        u64::try_from(d.as_nanos())
            .ok()
            .and_then(|n| self.ns.checked_sub(n))
            .map(|ns| Instant { ns })
    }

    /// Nanoseconds since the runtime started.
    pub fn as_nanos_since_start(&self) -> u64 {
        self.ns
    }

    fn far_future() -> Instant {
        Instant {
            ns: 86_400 * 365 * 30 * 1_000_000_000,
        }
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        self.checked_add(d)
            .expect("overflow when adding duration to instant")
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, d: Duration) {
        *self = *self + d;
    }
}

impl Sub<Duration> for Instant {
    type Output = Instant;
    fn sub(self, d: Duration) -> Instant {
        self.checked_sub(d)
            .expect("overflow when subtracting duration from instant")
    }
}

impl SubAssign<Duration> for Instant {
    fn sub_assign(&mut self, d: Duration) {
        *self = *self - d;
    }
}

impl Sub<Instant> for Instant {
    type Output = Duration;
    fn sub(self, rhs: Instant) -> Duration {
        self.saturating_duration_since(rhs)
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Instant(start + {:?})", Duration::from_nanos(self.ns))
    }
}

/// A timer entry shared by a `Sleep` and the wheel.
pub(crate) struct TimerShared {
    resource: ResourceId,
    fired: Cell<bool>,
    waker: RefCell<WakerSlot>,
}

/// The timer wheel, reduced to what its behaviour needs: entries ordered by millisecond tick,
/// then by registration order, and the last tick processed.
#[derive(Default)]
pub(crate) struct TimerWheel {
    entries: BTreeMap<(u64, u64), Rc<TimerShared>>,
    seq: u64,
    /// The last tick the driver processed; deadlines at or before it fire on registration.
    elapsed: u64,
}

impl TimerWheel {
    /// Registers an entry at `tick`, or returns `None` if that tick has already been processed.
    fn insert(&mut self, tick: u64, entry: Rc<TimerShared>) -> Option<(u64, u64)> {
        if tick <= self.elapsed {
            return None;
        }
        let key = (tick, self.seq);
        self.seq += 1;
        self.entries.insert(key, entry);
        Some(key)
    }

    fn remove(&mut self, key: (u64, u64)) {
        self.entries.remove(&key);
    }

    /// The earliest pending deadline, in ns.
    pub(crate) fn next_deadline_ns(&self) -> Option<u64> {
        self.entries.keys().next().map(|(tick, _)| tick * NS_PER_MS)
    }

    /// Pending timers.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Fires every entry due at `now_ns`, in order, returning the wakers to wake.
    pub(crate) fn expire(&mut self, now_ns: u64) -> Vec<(ResourceId, Option<Waker>)> {
        let now_tick = now_ns / NS_PER_MS;
        let mut fired = Vec::new();
        while let Some(entry) = self.entries.first_entry() {
            if entry.key().0 > now_tick {
                break;
            }
            let e = entry.remove();
            e.fired.set(true);
            let waker = e.waker.borrow_mut().take_raw();
            fired.push((e.resource, waker));
        }
        self.elapsed = self.elapsed.max(now_tick);
        fired
    }
}

/// Records the wheel letting go of fired timers' wakers (called while the state is borrowed).
pub(crate) fn record_takes(st: &mut State, fired: &[(ResourceId, Option<Waker>)]) {
    for (resource, waker) in fired {
        if let Some((_, Some(id))) = waker.as_ref().and_then(crate::waker::identify) {
            rec!(
                st,
                EventKind::WakerTake {
                    waker: id,
                    resource: *resource
                }
            );
        }
    }
}

/// A future that completes at a deadline, as `tokio::time::Sleep`.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Sleep {
    deadline: Instant,
    entry: Rc<TimerShared>,
    key: Option<(u64, u64)>,
    registered: bool,
    label: String,
    loc: Loc,
}

impl Sleep {
    fn new(deadline: Instant, label: String, loc: Loc) -> Sleep {
        let resource = expect_state(|st| {
            let resource = st.new_resource_id();
            rec!(
                st,
                EventKind::ResourceNew {
                    resource,
                    resource_kind: ResourceKind::Timer,
                    name: label.clone(),
                    loc: Some(loc.clone()),
                }
            );
            resource
        });
        let entry = Rc::new(TimerShared {
            resource,
            fired: Cell::new(false),
            waker: RefCell::new(WakerSlot::new()),
        });
        Sleep {
            deadline,
            entry,
            key: None,
            registered: false,
            label,
            loc,
        }
    }

    /// The instant this sleep completes.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Whether the deadline has been reached and processed.
    pub fn is_elapsed(&self) -> bool {
        self.entry.fired.get()
    }

    /// Moves the deadline, re-arming the timer.
    pub fn reset(self: Pin<&mut Self>, deadline: Instant) {
        let this = self.get_mut();
        this.deregister();
        this.deadline = deadline;
        this.registered = false;
        this.entry.fired.set(false);
    }

    fn deregister(&mut self) {
        if let Some(key) = self.key.take() {
            with_state(|st| st.timers.remove(key));
        }
    }

    fn register(&mut self) {
        self.registered = true;
        let tick = self.deadline.ns.saturating_add(NS_PER_MS - 1) / NS_PER_MS;
        let entry = self.entry.clone();
        let timer = entry.resource;
        let key = with_state(|st| {
            let key = st.timers.insert(tick, entry.clone());
            let task = st.current.unwrap_or(crate::runtime::MAIN);
            rec!(
                st,
                EventKind::TimerRegister {
                    timer,
                    deadline: tick * NS_PER_MS,
                    task
                }
            );
            if key.is_none() {
                entry.fired.set(true);
                rec!(st, EventKind::TimerFire { timer });
            }
            key
        })
        .flatten();
        self.key = key;
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let guard = match coop::poll_proceed(cx) {
            Poll::Ready(g) => g,
            Poll::Pending => return Poll::Pending,
        };
        if !this.registered {
            this.register();
        }
        if this.entry.fired.get() {
            this.key = None;
            guard.made_progress();
            return Poll::Ready(());
        }
        let old =
            this.entry
                .waker
                .borrow_mut()
                .register(cx.waker(), this.entry.resource, "timer entry");
        drop(old);
        note_await(|| this.label.clone(), Some(this.loc.clone()));
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        self.deregister();
        let old = self.entry.waker.borrow_mut().take(self.entry.resource);
        drop(old);
        let resource = self.entry.resource;
        with_state(|st| rec!(st, EventKind::ResourceDrop { resource }));
    }
}

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sleep")
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

/// Waits until `duration` has elapsed, as `tokio::time::sleep`. The deadline is fixed when this
/// is called, not when it is first polled.
#[track_caller]
pub fn sleep(duration: Duration) -> Sleep {
    let loc = caller_loc(Location::caller());
    let deadline = Instant::now()
        .checked_add(duration)
        .unwrap_or_else(Instant::far_future);
    Sleep::new(deadline, format!("sleep({duration:?})"), loc)
}

/// Waits until `deadline`, as `tokio::time::sleep_until`.
#[track_caller]
pub fn sleep_until(deadline: Instant) -> Sleep {
    let loc = caller_loc(Location::caller());
    Sleep::new(
        deadline,
        format!("sleep_until({:?})", Duration::from_nanos(deadline.ns)),
        loc,
    )
}

/// Errors of the `time` module.
pub mod error {
    use std::fmt;

    /// A `timeout` ran out before its future completed.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub struct Elapsed(());

    impl Elapsed {
        pub(crate) fn new() -> Elapsed {
            Elapsed(())
        }
    }

    impl fmt::Display for Elapsed {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("deadline has elapsed")
        }
    }

    impl fmt::Debug for Elapsed {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Elapsed(())")
        }
    }

    impl std::error::Error for Elapsed {}
}

/// Races a future against a timer, as `tokio::time::timeout`. The timer starts now.
#[track_caller]
pub fn timeout<F: IntoFuture>(duration: Duration, future: F) -> Timeout<F::IntoFuture> {
    let loc = caller_loc(Location::caller());
    let deadline = Instant::now()
        .checked_add(duration)
        .unwrap_or_else(Instant::far_future);
    Timeout {
        value: future.into_future(),
        delay: Sleep::new(deadline, format!("timeout({duration:?})"), loc),
    }
}

/// Like [`timeout`], with a deadline.
#[track_caller]
pub fn timeout_at<F: IntoFuture>(deadline: Instant, future: F) -> Timeout<F::IntoFuture> {
    let loc = caller_loc(Location::caller());
    Timeout {
        value: future.into_future(),
        delay: Sleep::new(deadline, "timeout_at(..)".into(), loc),
    }
}

/// The future of [`timeout`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Timeout<T> {
    value: T,
    delay: Sleep,
}

impl<T> Timeout<T> {
    /// The wrapped future.
    pub fn get_ref(&self) -> &T {
        &self.value
    }
}

impl<T: Future> Future for Timeout<T> {
    type Output = Result<T::Output, error::Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: `value` is structurally pinned; `delay` is Unpin and never moved out.
        let this = unsafe { self.get_unchecked_mut() };
        let had_budget_before = coop::has_budget_remaining();
        let value = unsafe { Pin::new_unchecked(&mut this.value) };
        if let Poll::Ready(v) = value.poll(cx) {
            return Poll::Ready(Ok(v));
        }
        let has_budget_now = coop::has_budget_remaining();
        let delay = &mut this.delay;
        let mut poll_delay = || match Pin::new(&mut *delay).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(error::Elapsed::new())),
            Poll::Pending => Poll::Pending,
        };
        // As tokio: if the inner future used up the budget, still let the timer be checked.
        if had_budget_before && !has_budget_now {
            coop::with_unconstrained(poll_delay)
        } else {
            poll_delay()
        }
    }
}
