//! `join!` and `select!` with tokio's polling order, recording each child poll so the timeline can
//! draw a poll tree. Also dynamic versions over boxed futures for the interpreter.

use crate::context::with_state;
use crate::recorder::rec;
use asyncviz_trace::{EventKind, PollResult};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Records a combinator polling one child: a `child_poll_start` / `child_poll_end` pair around
/// `poll`.
pub fn child_poll<T>(
    branch: u32,
    combinator: &'static str,
    poll: impl FnOnce() -> Poll<T>,
) -> Poll<T> {
    with_state(|st| {
        st.child_depth += 1;
        let depth = st.child_depth;
        if let Some(task) = st.current {
            rec!(
                st,
                EventKind::ChildPollStart {
                    task,
                    depth,
                    branch,
                    label: format!("{combinator} branch {branch}")
                }
            );
        }
    });
    let r = poll();
    with_state(|st| {
        let depth = st.child_depth;
        st.child_depth = st.child_depth.saturating_sub(1);
        if let Some(task) = st.current {
            let result = if r.is_ready() {
                PollResult::Ready
            } else {
                PollResult::Pending
            };
            rec!(
                st,
                EventKind::ChildPollEnd {
                    task,
                    depth,
                    branch,
                    result
                }
            );
        }
    });
    r
}

/// Where `select!` starts polling: branch 0 when `biased`, else a seeded random branch.
pub fn select_start(biased: bool, count: u32) -> u32 {
    if biased || count <= 1 {
        return 0;
    }
    with_state(|st| (st.next_random() % u64::from(count)) as u32).unwrap_or(0)
}

/// A future, then its output once it is done, as in `join!`.
#[derive(Debug)]
pub enum MaybeDone<F: Future> {
    /// Still running.
    Future(F),
    /// Finished, output not taken yet.
    Done(F::Output),
    /// Output taken.
    Gone,
}

/// A child poll through a join combinator.
pub trait ChildPoll {
    /// Polls the child (recording it) unless it is already done. Returns whether it is done.
    fn poll_child(self: Pin<&mut Self>, cx: &mut Context<'_>, branch: u32) -> Poll<()>;
}

impl<F: Future> ChildPoll for MaybeDone<F> {
    fn poll_child(self: Pin<&mut Self>, cx: &mut Context<'_>, branch: u32) -> Poll<()> {
        // SAFETY: the future variant is structurally pinned and never moved while pinned.
        let this = unsafe { self.get_unchecked_mut() };
        let fut = match this {
            MaybeDone::Future(f) => unsafe { Pin::new_unchecked(f) },
            MaybeDone::Done(_) | MaybeDone::Gone => return Poll::Ready(()),
        };
        match child_poll(branch, "join!", || fut.poll(cx)) {
            Poll::Ready(v) => {
                *this = MaybeDone::Done(v);
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<F: Future> MaybeDone<F> {
    fn take_output(&mut self) -> F::Output {
        match std::mem::replace(self, MaybeDone::Gone) {
            MaybeDone::Done(v) => v,
            _ => unreachable!("join outputs are taken once, after every branch is done"),
        }
    }
}

macro_rules! join_n {
    ($(#[$doc:meta])* $name:ident; $($F:ident $f:ident $idx:tt),+) => {
        $(#[$doc])*
        #[must_use = "futures do nothing unless you `.await` or poll them"]
        pub struct $name<$($F: Future),+> {
            $($f: MaybeDone<$F>,)+
            skip_next: u32,
        }

        impl<$($F: Future),+> $name<$($F),+> {
            /// Joins the futures.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($f: $F),+) -> Self {
                $name { $($f: MaybeDone::Future($f),)+ skip_next: 0 }
            }
        }

        impl<$($F: Future),+> Future for $name<$($F),+> {
            type Output = ($($F::Output,)+);

            fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
                const COUNT: u32 = [$($idx),+].len() as u32;
                // SAFETY: the children are structurally pinned and never moved.
                let this = unsafe { self.get_unchecked_mut() };
                let mut is_pending = false;
                let mut to_run = COUNT;
                // As tokio's join!: start one branch later on each poll, for fairness.
                let mut skip = this.skip_next;
                this.skip_next = if skip + 1 == COUNT { 0 } else { skip + 1 };
                loop {
                    $(
                        if skip == 0 {
                            if to_run == 0 {
                                break;
                            }
                            to_run -= 1;
                            let child = unsafe { Pin::new_unchecked(&mut this.$f) };
                            if child.poll_child(cx, $idx).is_pending() {
                                is_pending = true;
                            }
                        } else {
                            skip -= 1;
                        }
                    )+
                }
                if is_pending {
                    Poll::Pending
                } else {
                    Poll::Ready(($(this.$f.take_output(),)+))
                }
            }
        }
    };
}

join_n!(
    /// `join!` of one future.
    Join1; A a 0);
join_n!(
    /// `join!` of two futures.
    Join2; A a 0, B b 1);
join_n!(
    /// `join!` of three futures.
    Join3; A a 0, B b 1, C c 2);
join_n!(
    /// `join!` of four futures.
    Join4; A a 0, B b 1, C c 2, D d 3);
join_n!(
    /// `join!` of five futures.
    Join5; A a 0, B b 1, C c 2, D d 3, E e 4);
join_n!(
    /// `join!` of six futures.
    Join6; A a 0, B b 1, C c 2, D d 3, E e 4, G g 5);

/// A boxed, non-`Send` future.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// `join!` over any number of boxed futures, with `join!`'s rotating start.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct JoinAll<T> {
    children: Vec<Option<BoxFuture<T>>>,
    outputs: Vec<Option<T>>,
    skip_next: usize,
}

/// Joins boxed futures, as `join!` does for a fixed list.
pub fn join_all<T>(futures: Vec<BoxFuture<T>>) -> JoinAll<T> {
    let outputs = futures.iter().map(|_| None).collect();
    JoinAll {
        children: futures.into_iter().map(Some).collect(),
        outputs,
        skip_next: 0,
    }
}

impl<T> Unpin for JoinAll<T> {}

impl<T> Future for JoinAll<T> {
    type Output = Vec<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Vec<T>> {
        let this = self.get_mut();
        let count = this.children.len();
        if count == 0 {
            return Poll::Ready(Vec::new());
        }
        let start = this.skip_next;
        this.skip_next = (start + 1) % count;
        let mut pending = false;
        for n in 0..count {
            let i = (start + n) % count;
            if let Some(child) = &mut this.children[i] {
                match child_poll(i as u32, "join!", || child.as_mut().poll(cx)) {
                    Poll::Ready(v) => {
                        this.outputs[i] = Some(v);
                        this.children[i] = None;
                    }
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            return Poll::Pending;
        }
        Poll::Ready(
            this.outputs
                .iter_mut()
                .map(|o| o.take().expect("every branch finished"))
                .collect(),
        )
    }
}

/// Decides whether a branch's output wins the select.
type Accept<T> = Box<dyn Fn(usize, &T) -> bool>;

/// `select!` over boxed futures.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct SelectAll<T> {
    children: Vec<BoxFuture<T>>,
    disabled: Vec<bool>,
    biased: bool,
    accept: Accept<T>,
}

/// Races boxed futures, as `select!`: polls enabled branches from the start branch (0 when
/// `biased`); the first `Ready` output that `accept` takes wins, an output it refuses disables
/// its branch. Completes with `None` when every branch is disabled.
pub fn select_all<T>(
    futures: Vec<BoxFuture<T>>,
    disabled: Vec<bool>,
    biased: bool,
    accept: impl Fn(usize, &T) -> bool + 'static,
) -> SelectAll<T> {
    SelectAll {
        children: futures,
        disabled,
        biased,
        accept: Box::new(accept),
    }
}

impl<T> Unpin for SelectAll<T> {}

impl<T> Future for SelectAll<T> {
    type Output = Option<(usize, T)>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let count = this.children.len();
        let start = select_start(this.biased, count as u32) as usize;
        for n in 0..count {
            let i = (start + n) % count;
            if this.disabled.get(i).copied().unwrap_or(false) {
                continue;
            }
            if let Poll::Ready(v) =
                child_poll(i as u32, "select!", || this.children[i].as_mut().poll(cx))
            {
                if (this.accept)(i, &v) {
                    return Poll::Ready(Some((i, v)));
                }
                if let Some(d) = this.disabled.get_mut(i) {
                    *d = true;
                }
            }
        }
        if this.disabled.iter().all(|d| *d) {
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}

/// Waits on several futures at once, as `tokio::join!`, and returns a tuple of their outputs.
#[macro_export]
macro_rules! join {
    ($a:expr $(,)?) => {
        $crate::__private::Join1::new($a).await
    };
    ($a:expr, $b:expr $(,)?) => {
        $crate::Join2::new($a, $b).await
    };
    ($a:expr, $b:expr, $c:expr $(,)?) => {
        $crate::Join3::new($a, $b, $c).await
    };
    ($a:expr, $b:expr, $c:expr, $d:expr $(,)?) => {
        $crate::Join4::new($a, $b, $c, $d).await
    };
    ($a:expr, $b:expr, $c:expr, $d:expr, $e:expr $(,)?) => {
        $crate::Join5::new($a, $b, $c, $d, $e).await
    };
    ($a:expr, $b:expr, $c:expr, $d:expr, $e:expr, $f:expr $(,)?) => {
        $crate::Join6::new($a, $b, $c, $d, $e, $f).await
    };
}

/// Pins values on the stack, as `tokio::pin!`.
#[macro_export]
macro_rules! pin {
    ($($x:ident),* $(,)?) => { $(
        let mut $x = $x;
        #[allow(unused_mut)]
        let mut $x = unsafe { $crate::__private::Pin::new_unchecked(&mut $x) };
    )* };
    ($(let $x:ident = $init:expr;)*) => { $(
        let $x = $init;
        $crate::pin!($x);
    )* };
}

/// Waits on several futures and runs the branch of the first to complete, as `tokio::select!`.
/// Supports `biased;`, `pattern = future => handler`, `, if precondition`, and `else`.
#[macro_export]
macro_rules! select {
    (biased; $($rest:tt)*) => {
        $crate::__select_parse!(@{ true; (); ((0 V0 T0) (1 V1 T1) (2 V2 T2) (3 V3 T3) (4 V4 T4) (5 V5 T5) (6 V6 T6) (7 V7 T7)); } $($rest)*)
    };
    ($($rest:tt)*) => {
        $crate::__select_parse!(@{ false; (); ((0 V0 T0) (1 V1 T1) (2 V2 T2) (3 V3 T3) (4 V4 T4) (5 V5 T5) (6 V6 T6) (7 V7 T7)); } $($rest)*)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_parse {
    (@{ $b:tt; $arms:tt; $ids:tt; } else => $else:expr $(,)?) => {
        $crate::__select_emit!($b; $arms; ($else))
    };
    (@{ $b:tt; $arms:tt; $ids:tt; }) => {
        $crate::__select_emit!($b; $arms; ())
    };
    (@{ $b:tt; ($($arms:tt)*); (($i:tt $V:ident $T:ident) $($ids:tt)*); } $p:pat = $f:expr, if $c:expr => $body:block , $($rest:tt)*) => {
        $crate::__select_parse!(@{ $b; ($($arms)* [$i $V $T] ($p) ($f) ($c) ($body)); ($($ids)*); } $($rest)*)
    };
    (@{ $b:tt; ($($arms:tt)*); (($i:tt $V:ident $T:ident) $($ids:tt)*); } $p:pat = $f:expr, if $c:expr => $body:block $($rest:tt)*) => {
        $crate::__select_parse!(@{ $b; ($($arms)* [$i $V $T] ($p) ($f) ($c) ($body)); ($($ids)*); } $($rest)*)
    };
    (@{ $b:tt; ($($arms:tt)*); (($i:tt $V:ident $T:ident) $($ids:tt)*); } $p:pat = $f:expr, if $c:expr => $body:expr , $($rest:tt)*) => {
        $crate::__select_parse!(@{ $b; ($($arms)* [$i $V $T] ($p) ($f) ($c) ($body)); ($($ids)*); } $($rest)*)
    };
    (@{ $b:tt; ($($arms:tt)*); (($i:tt $V:ident $T:ident) $($ids:tt)*); } $p:pat = $f:expr, if $c:expr => $body:expr) => {
        $crate::__select_parse!(@{ $b; ($($arms)* [$i $V $T] ($p) ($f) ($c) ($body)); ($($ids)*); })
    };
    (@{ $b:tt; ($($arms:tt)*); (($i:tt $V:ident $T:ident) $($ids:tt)*); } $p:pat = $f:expr => $body:block , $($rest:tt)*) => {
        $crate::__select_parse!(@{ $b; ($($arms)* [$i $V $T] ($p) ($f) (true) ($body)); ($($ids)*); } $($rest)*)
    };
    (@{ $b:tt; ($($arms:tt)*); (($i:tt $V:ident $T:ident) $($ids:tt)*); } $p:pat = $f:expr => $body:block $($rest:tt)*) => {
        $crate::__select_parse!(@{ $b; ($($arms)* [$i $V $T] ($p) ($f) (true) ($body)); ($($ids)*); } $($rest)*)
    };
    (@{ $b:tt; ($($arms:tt)*); (($i:tt $V:ident $T:ident) $($ids:tt)*); } $p:pat = $f:expr => $body:expr , $($rest:tt)*) => {
        $crate::__select_parse!(@{ $b; ($($arms)* [$i $V $T] ($p) ($f) (true) ($body)); ($($ids)*); } $($rest)*)
    };
    (@{ $b:tt; ($($arms:tt)*); (($i:tt $V:ident $T:ident) $($ids:tt)*); } $p:pat = $f:expr => $body:expr) => {
        $crate::__select_parse!(@{ $b; ($($arms)* [$i $V $T] ($p) ($f) (true) ($body)); ($($ids)*); })
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_emit {
    ($b:tt; ($([$i:tt $V:ident $T:ident] ($p:pat) ($f:expr) ($c:expr) ($body:expr))*); ($($else:tt)*)) => {{
        #[allow(non_camel_case_types, dead_code)]
        enum __SelectOut<$($T,)*> { $($V($T),)* Disabled }
        const __COUNT: u32 = [$($i),*].len() as u32;
        let mut __disabled: u64 = 0;
        $( if !($c) { __disabled |= 1u64 << $i; } )*
        let __output = {
            let mut __futs = ( $( $f, )* );
            let __futs = &mut __futs;
            let __start = $crate::__private::select_start($b, __COUNT);
            $crate::__private::poll_fn(|__cx| {
                for __n in 0..__COUNT {
                    let __branch = (__start + __n) % __COUNT;
                    $(
                        if __branch == $i && __disabled & (1u64 << $i) == 0 {
                            // SAFETY: the futures live in `__futs` until this select ends and are
                            // never moved out of it.
                            let __fut = unsafe { $crate::__private::Pin::new_unchecked(&mut __futs.$i) };
                            let __polled = $crate::__private::child_poll($i, "select!", || {
                                ::core::future::Future::poll(__fut, __cx)
                            });
                            if let $crate::__private::Poll::Ready(__v) = __polled {
                                #[allow(unused_variables, unreachable_patterns, clippy::match_single_binding)]
                                match &__v {
                                    $p => return $crate::__private::Poll::Ready(__SelectOut::$V(__v)),
                                    _ => __disabled |= 1u64 << $i,
                                }
                            }
                        }
                    )*
                }
                if __disabled.count_ones() == __COUNT {
                    return $crate::__private::Poll::Ready(__SelectOut::Disabled);
                }
                $crate::__private::Poll::Pending
            })
            .await
        };
        #[allow(unreachable_patterns)]
        match __output {
            $( __SelectOut::$V($p) => $body, )*
            __SelectOut::Disabled => $crate::__select_else!($($else)*),
            _ => unreachable!("failed to match bind"),
        }
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_else {
    () => {
        panic!("all branches are disabled and there is no else branch")
    };
    ($else:expr) => {
        $else
    };
}
