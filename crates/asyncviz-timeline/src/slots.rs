//! Lookups by a trace's ids on the per-event paths of [`crate::TraceIndex::new`] and
//! [`crate::Timeline::build`].
//!
//! The executor numbers tasks and resources 0, 1, 2, … in creation order, so a vector indexed by
//! the id finds them with one bounds check, where a `BTreeMap` walks its nodes. At 100,000 events
//! the two passes took 71–74 ms in the page with maps and 48–54 ms with these (BENCHMARKS.md,
//! session 18). Each id the executor hands out comes with an event that makes it, so no id of a
//! run is larger than its number of events; a trace read from a file may number them anyhow, so
//! ids past that (and past [`DENSE`]) go to a map, and the vector never outgrows the trace.

use std::collections::BTreeMap;

/// Ids below this always go to the vector (at most 256 KiB of it).
const DENSE: u32 = 1 << 16;

/// The vector's mark for "no value".
const NONE: u32 = u32::MAX;

/// A map from a `u32` id to a `u32` value (a lane, a position in a list).
#[derive(Clone, Debug)]
pub(crate) struct Slots {
    /// Ids below this go to `dense`.
    limit: u32,
    dense: Vec<u32>,
    sparse: BTreeMap<u32, u32>,
}

impl Slots {
    /// Slots for the ids of a trace of `events` events.
    pub(crate) fn for_trace(events: usize) -> Slots {
        Slots {
            limit: u32::try_from(events).unwrap_or(u32::MAX).max(DENSE),
            dense: Vec::new(),
            sparse: BTreeMap::new(),
        }
    }

    /// Sets the value of `id`, replacing any it had. `value` must not be `u32::MAX`.
    pub(crate) fn insert(&mut self, id: u32, value: u32) {
        debug_assert_ne!(value, NONE, "u32::MAX marks an empty slot");
        if id < self.limit {
            let i = id as usize;
            if self.dense.len() <= i {
                self.dense.resize(i + 1, NONE);
            }
            self.dense[i] = value;
        } else {
            self.sparse.insert(id, value);
        }
    }

    /// The value of `id`, if it has one.
    pub(crate) fn get(&self, id: u32) -> Option<u32> {
        if id < self.limit {
            self.dense.get(id as usize).copied().filter(|&v| v != NONE)
        } else {
            self.sparse.get(&id).copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_ids_are_found_and_missing_ones_are_not() {
        let mut s = Slots::for_trace(10);
        s.insert(3, 7);
        s.insert(DENSE + 5, 9);
        s.insert(u32::MAX, 1);
        assert_eq!(s.get(3), Some(7));
        assert_eq!(s.get(DENSE + 5), Some(9));
        assert_eq!(s.get(u32::MAX), Some(1));
        assert_eq!(s.get(0), None);
        assert_eq!(s.get(2), None);
        assert_eq!(s.get(4), None);
        assert_eq!(s.get(DENSE), None);
        s.insert(3, 8);
        assert_eq!(s.get(3), Some(8));
        assert_eq!(
            s.dense.len(),
            4,
            "the vector grows only to the largest small id"
        );
    }

    #[test]
    fn a_long_trace_keeps_ids_up_to_its_length_in_the_vector() {
        let mut s = Slots::for_trace(100_000);
        s.insert(99_999, 1);
        s.insert(100_000, 2);
        assert_eq!((s.get(99_999), s.get(100_000)), (Some(1), Some(2)));
        assert_eq!((s.dense.len(), s.sparse.len()), (100_000, 1));
    }
}
