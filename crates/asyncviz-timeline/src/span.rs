//! A list of intervals over event seqs with a fast "what overlaps this window" query, so a view
//! of a 100,000-event trace only touches what it draws.

/// Something that covers the events `first..=last`.
pub trait Span {
    /// The first event seq covered.
    fn first(&self) -> u32;
    /// The last event seq covered (inclusive).
    fn last(&self) -> u32;
}

/// Intervals sorted by `first`, with a running maximum of `last` for windowed queries.
///
/// Invariant: `items` is sorted by `first()` and `reach[i]` is the maximum `last()` over
/// `items[..=i]`, so `reach` never decreases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spans<T> {
    items: Vec<T>,
    reach: Vec<u32>,
}

impl<T> Default for Spans<T> {
    fn default() -> Self {
        Spans {
            items: Vec::new(),
            reach: Vec::new(),
        }
    }
}

impl<T: Span> Spans<T> {
    /// Builds the list from items in any order.
    pub fn new(mut items: Vec<T>) -> Spans<T> {
        items.sort_by_key(|s| (s.first(), s.last()));
        let mut reach = Vec::with_capacity(items.len());
        let mut max = 0;
        for item in &items {
            max = max.max(item.last());
            reach.push(max);
        }
        Spans { items, reach }
    }

    /// All items, sorted by `first`.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// One item by position.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.items.get(i)
    }

    /// Positions of the items that overlap the seqs `lo..hi` (`hi` exclusive), in `first`
    /// order. Costs two binary searches plus the items between them.
    pub fn overlapping(&self, lo: u32, hi: u32) -> impl Iterator<Item = usize> + '_ {
        let start = self.reach.partition_point(|&r| r < lo);
        let end = self.items.partition_point(|s| s.first() < hi);
        (start..end.max(start)).filter(move |&i| self.items[i].last() >= lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Span for (u32, u32) {
        fn first(&self) -> u32 {
            self.0
        }
        fn last(&self) -> u32 {
            self.1
        }
    }

    #[test]
    fn overlap_query_finds_long_and_short_spans() {
        let spans = Spans::new(vec![(10, 12), (0, 100), (20, 20), (30, 40), (5, 6)]);
        let hits: Vec<_> = spans
            .overlapping(19, 31)
            .map(|i| *spans.get(i).unwrap())
            .collect();
        assert_eq!(hits, vec![(0, 100), (20, 20), (30, 40)]);
        let none: Vec<_> = spans.overlapping(101, 200).collect();
        assert!(none.is_empty());
        let edge: Vec<_> = spans
            .overlapping(12, 13)
            .map(|i| *spans.get(i).unwrap())
            .collect();
        assert_eq!(edge, vec![(0, 100), (10, 12)]);
    }
}
