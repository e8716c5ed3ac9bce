//! Lookups by a trace's ids on the per-event paths of [`crate::TraceIndex::new`] and
//! [`crate::Timeline::build`].
//!
//! The executor numbers tasks and resources 0, 1, 2, … in creation order, so a vector indexed by
//! the id finds them with one bounds check, where a `BTreeMap` walks its nodes. At 100,000 events
//! the two passes took 71–74 ms in the page with maps and 48–54 ms with these (BENCHMARKS.md,
//! session 18). A trace read from a file may number its ids anyhow, so ids past [`DENSE`] go to a
//! map.

use std::collections::BTreeMap;

/// Ids below this are looked up in the vector (at most 256 KiB of it).
const DENSE: u32 = 1 << 16;

/// The vector's mark for "no value".
const NONE: u32 = u32::MAX;

/// A map from a `u32` id to a `u32` value (a lane, a position in a list).
#[derive(Clone, Debug, Default)]
pub(crate) struct Slots {
    dense: Vec<u32>,
    sparse: BTreeMap<u32, u32>,
}

impl Slots {
    /// Sets the value of `id`, replacing any it had. `value` must not be `u32::MAX`.
    pub(crate) fn insert(&mut self, id: u32, value: u32) {
        debug_assert_ne!(value, NONE, "u32::MAX marks an empty slot");
        if id < DENSE {
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
        if id < DENSE {
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
        let mut s = Slots::default();
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
}
