//! Which spans of a list overlap a given span, without looking at every span: the list
//! sorted by start (as an annotation's spans are), a running maximum of ends, and two
//! binary searches give the only stretch of the list where overlaps can be. Agreement
//! uses it to match two annotators' spans in `O(n log n)` rather than `O(n²)`, which on
//! a 20 MB article with 97,000 spans was minutes.

use crate::model::Span;

/// Spans sorted by start, ready to be asked which of them overlap a span.
pub(crate) struct SpanIndex<'a> {
    spans: &'a [Span],
    /// `max_end[i]`: the largest end among `spans[..=i]`; empty when the spans are not
    /// sorted by start, and then every span is looked at.
    max_end: Vec<usize>,
}

impl<'a> SpanIndex<'a> {
    /// Indexes `spans`. Sorted by start, they are searched; in any other order, or with
    /// an empty span among them (which no annotation holds), they are all looked at,
    /// which gives the same answers, more slowly.
    pub(crate) fn new(spans: &'a [Span]) -> Self {
        let sorted = spans.is_sorted_by_key(|s| s.start) && spans.iter().all(|s| s.start < s.end);
        let max_end = if sorted {
            spans
                .iter()
                .scan(0, |max, s| {
                    *max = s.end.max(*max);
                    Some(*max)
                })
                .collect()
        } else {
            Vec::new()
        };
        SpanIndex { spans, max_end }
    }

    /// The indices of a stretch of the list, in list order, holding every span that
    /// overlaps `span` or has its range (and perhaps others): the caller still checks
    /// each.
    pub(crate) fn candidates(&self, span: &Span) -> std::ops::Range<usize> {
        if self.max_end.len() != self.spans.len() || span.start >= span.end {
            return 0..self.spans.len();
        }
        // Before `lo`, every span ends at or before `span` starts; from `hi` on, every
        // span starts at or after it ends.
        let lo = self.max_end.partition_point(|&end| end <= span.start);
        let hi = self.spans.partition_point(|s| s.start < span.end);
        lo..hi.max(lo)
    }

    /// The spans that overlap `span`, with their indices, in list order.
    pub(crate) fn overlapping<'s>(
        &'s self,
        span: &'s Span,
    ) -> impl Iterator<Item = (usize, &'a Span)> + 's {
        let range = self.candidates(span);
        self.spans[range.clone()]
            .iter()
            .zip(range)
            .filter(move |(s, _)| s.overlaps(span))
            .map(|(s, i)| (i, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(start: usize, end: usize) -> Span {
        Span::new(start, end, "actor")
    }

    #[test]
    fn a_long_span_early_in_the_list_is_found_late_in_the_text() {
        let spans = vec![s(0, 100), s(5, 6), s(10, 12), s(50, 52), s(120, 130)];
        let index = SpanIndex::new(&spans);
        let found: Vec<usize> = index.overlapping(&s(51, 60)).map(|(i, _)| i).collect();
        assert_eq!(found, [0, 3]);
        assert_eq!(index.candidates(&s(101, 110)), 4..4);
        assert_eq!(index.candidates(&s(125, 126)), 4..5);
    }

    proptest! {
        /// Sorted or not, the index finds exactly the overlapping spans, in list order.
        #[test]
        fn finds_exactly_what_a_full_scan_finds(
            raw in proptest::collection::vec((0usize..60, 0usize..30), 0..40),
            probe in (0usize..80, 0usize..30),
            sort in any::<bool>(),
        ) {
            let mut spans: Vec<Span> = raw.iter().map(|&(a, len)| s(a, a + len)).collect();
            if sort {
                spans.sort();
            }
            let probe = s(probe.0, probe.0 + probe.1);
            let index = SpanIndex::new(&spans);
            let found: Vec<usize> = index.overlapping(&probe).map(|(i, _)| i).collect();
            let all: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].overlaps(&probe)).collect();
            prop_assert_eq!(found, all);
            let range = index.candidates(&probe);
            let same: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].same_range(&probe)).collect();
            prop_assert!(same.iter().all(|i| range.contains(i)), "{:?} outside {:?}", same, range);
        }
    }
}
