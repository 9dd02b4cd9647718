//! Where annotators agree and where not: the spans of several annotators on one document
//! grouped into places, each classified.
//!
//! Spans are grouped in three passes, so that nested structures line up instead of
//! being lumped together: first spans with the same boundaries, then overlapping spans
//! with the same label, then any overlapping spans. A span joins at most one span of
//! each other annotator per place.

use super::sweep::SpanIndex;
use crate::model::Span;

/// What kind of disagreement a place is (several can hold at once).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Disagreement {
    /// The annotators who marked it gave different labels.
    pub label: bool,
    /// They marked different boundaries.
    pub boundary: bool,
    /// Some annotators marked nothing there.
    pub partial: bool,
}

impl Disagreement {
    /// Whether everybody agreed.
    pub fn is_agreement(&self) -> bool {
        !self.label && !self.boundary && !self.partial
    }

    /// A short name: `agreed`, `label`, `boundary`, `partial`, or a combination such as
    /// `label+boundary`.
    pub fn name(&self) -> String {
        let parts: Vec<&str> = [
            (self.label, "label"),
            (self.boundary, "boundary"),
            (self.partial, "partial"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect();
        if parts.is_empty() {
            "agreed".to_owned()
        } else {
            parts.join("+")
        }
    }
}

/// One place of a document: each annotator's span there (if any).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// `versions[i]` is annotator `i`'s span here, if they marked one.
    pub versions: Vec<Option<Span>>,
    /// How they differ.
    pub disagreement: Disagreement,
}

impl Place {
    /// The code points the place covers: from the first start to the last end.
    pub fn range(&self) -> (usize, usize) {
        let spans = self.versions.iter().flatten();
        let start = spans.clone().map(|s| s.start).min().unwrap_or(0);
        let end = spans.map(|s| s.end).max().unwrap_or(0);
        (start, end)
    }
}

/// Whether two spans of different annotators belong to one place.
type Matcher = dyn Fn(&Span, &Span) -> bool;

/// Groups the spans of `annotators` (one slice per annotator, each sorted) into places,
/// sorted by position.
pub fn places(annotators: &[&[Span]]) -> Vec<Place> {
    let mut result: Vec<Place> = groups(annotators)
        .into_iter()
        .map(|group| Place {
            disagreement: kind(annotators, &group),
            versions: group
                .iter()
                .enumerate()
                .map(|(a, idx)| idx.map(|i| annotators[a][i].clone()))
                .collect(),
        })
        .collect();
    result.sort_by_key(|p| {
        let (start, end) = p.range();
        (start, std::cmp::Reverse(end))
    });
    result
}

/// The kind of each place of [`places`], in no particular order, without copying any
/// span: what agreement counts.
pub fn disagreements(annotators: &[&[Span]]) -> impl Iterator<Item = Disagreement> {
    groups(annotators)
        .into_iter()
        .map(move |group| kind(annotators, &group))
}

/// How the spans of one place differ: `group[a]` is annotator `a`'s span there.
fn kind(annotators: &[&[Span]], group: &[Option<usize>]) -> Disagreement {
    let mut present = group
        .iter()
        .enumerate()
        .filter_map(|(a, idx)| idx.map(|i| &annotators[a][i]));
    let Some(first) = present.next() else {
        return Disagreement::default();
    };
    let mut kind = Disagreement::default();
    let mut count = 1;
    for span in present {
        count += 1;
        kind.label |= span.label != first.label;
        kind.boundary |= !span.same_range(first);
    }
    kind.partial = count < annotators.len();
    kind
}

/// The places, each as every annotator's span index there (if any), in the order they
/// were found.
fn groups(annotators: &[&[Span]]) -> Vec<Vec<Option<usize>>> {
    let n = annotators.len();
    // Every span, as (annotator, index); `place_of` maps it to a place under construction.
    let mut place_of: Vec<Vec<Option<usize>>> =
        annotators.iter().map(|s| vec![None; s.len()]).collect();
    let mut groups: Vec<Vec<Option<usize>>> = Vec::new(); // per place: index into each annotator's spans

    // Three passes, from the strictest match to the loosest.
    let passes: [&Matcher; 3] = [
        &|a, b| a.same_range(b),
        &|a, b| a.overlaps(b) && a.label == b.label,
        &|a, b| a.overlaps(b),
    ];
    // Each annotator's spans, for finding the few near a span of another.
    let indexes: Vec<SpanIndex> = annotators.iter().map(|s| SpanIndex::new(s)).collect();
    for matches in passes {
        for a in 0..n {
            for (i, span) in annotators[a].iter().enumerate() {
                for (b, other) in annotators.iter().enumerate().skip(a + 1) {
                    if place_of[a][i].is_some_and(|p| groups[p][b].is_some()) {
                        continue;
                    }
                    // The best unplaced candidate of annotator b: the largest overlap.
                    // Every pass matches only spans that overlap or share a range, so
                    // only the stretch of b's spans near this one is looked at.
                    let near = indexes[b].candidates(span);
                    let candidate = other[near.clone()]
                        .iter()
                        .zip(near)
                        .map(|(s, j)| (j, s))
                        .filter(|(j, s)| place_of[b][*j].is_none() && matches(span, s))
                        .max_by_key(|(_, s)| overlap(span, s));
                    let Some((j, _)) = candidate else { continue };
                    let p = match place_of[a][i] {
                        Some(p) => p,
                        None => {
                            let mut group = vec![None; n];
                            group[a] = Some(i);
                            groups.push(group);
                            place_of[a][i] = Some(groups.len() - 1);
                            groups.len() - 1
                        }
                    };
                    groups[p][b] = Some(j);
                    place_of[b][j] = Some(p);
                }
            }
        }
    }
    // Spans nobody else matched are places of their own.
    for (a, placed) in place_of.iter().enumerate() {
        for (i, place) in placed.iter().enumerate() {
            if place.is_none() {
                let mut group = vec![None; n];
                group[a] = Some(i);
                groups.push(group);
            }
        }
    }
    groups
}

fn overlap(a: &Span, b: &Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> Span {
        Span::new(start, end, label)
    }

    fn kinds(places: &[Place]) -> Vec<String> {
        places.iter().map(|p| p.disagreement.name()).collect()
    }

    #[test]
    fn classifies_each_kind_of_place() {
        let alice = vec![
            s(0, 6, "actor"),   // agreed
            s(10, 14, "actor"), // label: bob says location
            s(20, 31, "actor"), // boundary: bob has 16..31
            s(40, 45, "event"), // partial: bob has nothing
            s(50, 55, "actor"), // label+boundary: bob 50..60 location
        ];
        let bob = vec![
            s(0, 6, "actor"),
            s(10, 14, "location"),
            s(16, 31, "actor"),
            s(50, 60, "location"),
            s(70, 75, "event"), // partial: alice has nothing
        ];
        let places = places(&[&alice, &bob]);
        assert_eq!(
            kinds(&places),
            [
                "agreed",
                "label",
                "boundary",
                "partial",
                "label+boundary",
                "partial"
            ]
        );
        assert_eq!(
            places[2].versions,
            [Some(s(20, 31, "actor")), Some(s(16, 31, "actor"))]
        );
        assert_eq!(places[5].versions, [None, Some(s(70, 75, "event"))]);
    }

    #[test]
    fn nested_spans_line_up_instead_of_lumping() {
        let alice = vec![s(0, 30, "event"), s(20, 24, "location")];
        let bob = vec![s(0, 30, "event"), s(20, 24, "location")];
        let places = places(&[&alice, &bob]);
        assert_eq!(kinds(&places), ["agreed", "agreed"]);
        // Bob's location is a little wider: boundary, not a mix with the event.
        let bob = vec![s(0, 30, "event"), s(18, 24, "location")];
        assert_eq!(
            kinds(&super::places(&[&alice, &bob])),
            ["agreed", "boundary"]
        );
    }

    #[test]
    fn three_annotators_and_empty_ones() {
        let a = vec![s(0, 4, "actor")];
        let b = vec![s(0, 4, "actor")];
        let c: Vec<Span> = vec![];
        let places = places(&[&a, &b, &c]);
        assert_eq!(kinds(&places), ["partial"]);
        assert!(super::places(&[&c, &c]).is_empty());
        let identical = vec![s(0, 4, "actor"), s(5, 9, "event")];
        assert!(
            super::places(&[&identical, &identical])
                .iter()
                .all(|p| p.disagreement.is_agreement())
        );
    }
}
