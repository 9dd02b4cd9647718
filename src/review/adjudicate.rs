//! Adjudication: from several annotators' files to a gold file, one decision per place.
//! Unanimous places are accepted on creation; every other place waits for the curator to
//! take an annotator's version, decide there is no entity, or draw the span.
//! A decision remembers the versions it chose between, so that when an annotator's file
//! changes afterwards, the decision is reported as stale rather than silently kept.

use std::collections::BTreeMap;

use super::gold::{
    Choice, Decision, GOLD_ANNOTATOR, GoldFile, Provenance, Review, Source, Version, timestamp_now,
};
use super::places::{Place, places};
use crate::model::{Annotation, AnnotatorName, Span, now};

/// The state of one document's adjudication.
#[derive(Clone, Debug)]
pub struct Adjudication {
    /// The annotators, in the order of their keys (1, 2, 3, …).
    pub annotators: Vec<String>,
    /// Where they agree and differ.
    pub places: Vec<Place>,
    /// The gold file being made.
    pub gold: GoldFile,
}

/// How a place stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceState {
    /// Everybody agreed and it is accepted (or decided and still current).
    Decided(Decision),
    /// Decided, but the versions have changed since.
    Stale(Decision),
    /// Waiting for the curator.
    Undecided,
}

fn versions_of(annotators: &[String], place: &Place) -> Vec<Version> {
    annotators
        .iter()
        .zip(&place.versions)
        .map(|(annotator, span)| Version {
            annotator: annotator.clone(),
            span: span.as_ref().map(|s| (s.start, s.end, s.label.to_string())),
        })
        .collect()
}

impl Adjudication {
    /// Starts (or, with `existing`, resumes) adjudicating `sources`, all annotations of
    /// the same document; `stamps[i]` is the SHA-256 of source `i`'s file.
    pub fn new(
        sources: &[Annotation],
        stamps: &[String],
        existing: Option<GoldFile>,
        curator: &str,
    ) -> Self {
        let annotators: Vec<String> = sources.iter().map(|a| a.annotator.to_string()).collect();
        let spans: Vec<&[Span]> = sources.iter().map(Annotation::spans).collect();
        let places = places(&spans);
        let review_sources: Vec<Source> = annotators
            .iter()
            .zip(stamps)
            .map(|(annotator, sha256)| Source {
                annotator: annotator.clone(),
                sha256: sha256.clone(),
            })
            .collect();
        let gold = match existing {
            Some(mut gold) => {
                gold.review.sources = review_sources;
                // Sorted, so that a place finds its decision by binary search.
                gold.review.decisions.sort_by_key(|d| (d.start, d.end));
                gold
            }
            None => {
                let document = sources
                    .first()
                    .map(|a| a.document.clone())
                    .expect("adjudication needs at least one annotator");
                let name = AnnotatorName::new(GOLD_ANNOTATOR).expect("a valid name");
                GoldFile {
                    annotation: Annotation::new(document, name, now()),
                    provenance: BTreeMap::new(),
                    review: Review {
                        curator: curator.to_owned(),
                        sources: review_sources,
                        decisions: Vec::new(),
                        undecided: None,
                    },
                }
            }
        };
        let mut adjudication = Self {
            annotators,
            places,
            gold,
        };
        // Unanimous places go straight into gold, unless a decision covers them already.
        for i in 0..adjudication.places.len() {
            let place = &adjudication.places[i];
            if place.disagreement.is_agreement() && adjudication.state(i) == PlaceState::Undecided {
                adjudication.decide(i, Choice::Unanimous, place.versions[0].clone(), curator);
            }
        }
        adjudication.count_undecided();
        adjudication
    }

    /// Records in the gold's review how many places wait, so that the file says whether
    /// it is complete.
    fn count_undecided(&mut self) {
        self.gold.review.undecided = Some(self.undecided().len());
    }

    fn decision_at(&self, place: usize) -> Option<&Decision> {
        let range = self.places[place].range();
        // Decisions are kept sorted by range (see `new` and `decide`).
        let decisions = &self.gold.review.decisions;
        decisions
            .binary_search_by(|d| (d.start, d.end).cmp(&range))
            .ok()
            .map(|i| &decisions[i])
    }

    /// How place `i` stands.
    pub fn state(&self, i: usize) -> PlaceState {
        match self.decision_at(i) {
            Some(d) if d.versions == versions_of(&self.annotators, &self.places[i]) => {
                PlaceState::Decided(d.clone())
            }
            Some(d) => PlaceState::Stale(d.clone()),
            None => PlaceState::Undecided,
        }
    }

    /// Decisions that match no place any more (the annotators' files changed under them).
    pub fn orphaned_decisions(&self) -> Vec<&Decision> {
        let ranges: Vec<(usize, usize)> = self.places.iter().map(Place::range).collect();
        self.gold
            .review
            .decisions
            .iter()
            .filter(|d| !ranges.contains(&(d.start, d.end)))
            .collect()
    }

    /// Places waiting for a decision (stale ones included), in order.
    pub fn undecided(&self) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| !matches!(self.state(i), PlaceState::Decided(_)))
            .collect()
    }

    /// The next (or previous) undecided place after `from`, wrapping around.
    pub fn next_undecided(&self, from: Option<usize>, forward: bool) -> Option<usize> {
        let open = self.undecided();
        let after = match (from, forward) {
            (Some(f), true) => open.iter().find(|&&i| i > f),
            (Some(f), false) => open.iter().rev().find(|&&i| i < f),
            (None, _) => None,
        };
        after
            .or(if forward { open.first() } else { open.last() })
            .copied()
    }

    /// Takes annotator `k`'s version at place `i` (nothing, if they marked nothing).
    pub fn accept(&mut self, i: usize, k: usize, curator: &str) {
        let Some(version) = self.places[i].versions.get(k).cloned() else {
            return;
        };
        let choice = if version.is_some() {
            Choice::Annotator(self.annotators[k].clone())
        } else {
            Choice::NoEntity
        };
        self.decide(i, choice, version, curator);
    }

    /// Decides there is no entity at place `i`.
    pub fn reject(&mut self, i: usize, curator: &str) {
        self.decide(i, Choice::NoEntity, None, curator);
    }

    /// Records that the curator drew `span` for place `i` (or changed the gold there).
    pub fn edited(&mut self, i: usize, span: Option<Span>, curator: &str) {
        self.decide(i, Choice::Edited, span, curator);
    }

    /// Adds a span the curator drew where no annotator marked anything.
    pub fn draw(&mut self, span: Span, curator: &str) {
        if self.gold.annotation.insert(span.clone()).is_ok() {
            self.gold.provenance.insert(
                span,
                Provenance {
                    from: Vec::new(),
                    curator: Some(curator.to_owned()),
                    decided: Some(timestamp_now()),
                },
            );
            self.gold.annotation.modified = now();
        }
    }

    /// Removes a gold span that belongs to no place.
    pub fn erase(&mut self, span: &Span) {
        if self.gold.annotation.remove(span) {
            self.gold.provenance.remove(span);
            self.gold.annotation.modified = now();
        }
    }

    /// Replaces the gold spans of place `i` by `span` and records the decision.
    fn decide(&mut self, i: usize, choice: Choice, span: Option<Span>, curator: &str) {
        let place = &self.places[i];
        let (start, end) = place.range();
        let time = timestamp_now();
        // Remove what gold held for this place: any annotator's version, or the span a
        // previous decision put there.
        let previous: Vec<Span> = self
            .gold
            .annotation
            .spans()
            .iter()
            .filter(|s| {
                place.versions.iter().flatten().any(|v| v == *s)
                    || (s.start >= start
                        && s.end <= end
                        && self
                            .gold
                            .provenance
                            .get(s)
                            .is_some_and(|p| p.curator.is_some()))
            })
            .cloned()
            .collect();
        for s in &previous {
            self.gold.annotation.remove(s);
            self.gold.provenance.remove(s);
        }
        if let Some(span) = span {
            let from: Vec<String> = self
                .annotators
                .iter()
                .zip(&place.versions)
                .filter(|(_, v)| v.as_ref() == Some(&span))
                .map(|(a, _)| a.clone())
                .collect();
            if self.gold.annotation.insert(span.clone()).is_ok()
                || self.gold.annotation.spans().contains(&span)
            {
                self.gold.provenance.insert(
                    span,
                    Provenance {
                        from,
                        curator: Some(curator.to_owned()),
                        decided: Some(time.clone()),
                    },
                );
            }
        }
        let decision = Decision {
            start,
            end,
            choice,
            curator: curator.to_owned(),
            time,
            versions: versions_of(&self.annotators, place),
        };
        let decisions = &mut self.gold.review.decisions;
        decisions.retain(|d| (d.start, d.end) != (start, end));
        let at = decisions.partition_point(|d| (d.start, d.end) < (start, end));
        decisions.insert(at, decision);
        self.gold.annotation.modified = now();
        self.count_undecided();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Document};

    fn annotation(who: &str, spans: &[(usize, usize, &str)]) -> Annotation {
        let doc = Document::new(
            DocId::new("d").unwrap(),
            "",
            "Rebels seized Rastan and Talbiseh near Homs on Friday.",
        );
        let mut a = Annotation::new(doc, AnnotatorName::new(who).unwrap(), now());
        for &(s, e, l) in spans {
            a.insert(Span::new(s, e, l)).unwrap();
        }
        a
    }

    fn sources() -> Vec<Annotation> {
        vec![
            annotation(
                "alice",
                &[
                    (0, 6, "actor"),
                    (14, 20, "location"),
                    (25, 33, "location"),
                    (39, 43, "location"),
                ],
            ),
            annotation(
                "bob",
                &[
                    (0, 6, "actor"),
                    (14, 20, "actor"),
                    (25, 33, "location"),
                    (47, 53, "event"),
                ],
            ),
        ]
    }

    #[test]
    fn unanimous_places_are_accepted_and_the_rest_wait() {
        let adj = Adjudication::new(&sources(), &["a".into(), "b".into()], None, "carol");
        // Places: Rebels (agreed), Rastan (label), Talbiseh (agreed), Homs (alice only), Friday (bob only).
        assert_eq!(adj.places.len(), 5);
        assert_eq!(adj.undecided(), [1, 3, 4]);
        assert_eq!(adj.gold.review.undecided, Some(3));
        assert_eq!(
            adj.gold.annotation.spans(),
            [Span::new(0, 6, "actor"), Span::new(25, 33, "location")]
        );
        let p = &adj.gold.provenance[&Span::new(0, 6, "actor")];
        assert_eq!(p.from, ["alice", "bob"]);
        assert_eq!(adj.next_undecided(None, true), Some(1));
        assert_eq!(adj.next_undecided(Some(1), true), Some(3));
        assert_eq!(adj.next_undecided(Some(4), true), Some(1));
        assert_eq!(adj.next_undecided(Some(1), false), Some(4));
    }

    #[test]
    fn accept_reject_and_change_of_mind() {
        let mut adj = Adjudication::new(&sources(), &["a".into(), "b".into()], None, "carol");
        adj.accept(1, 1, "carol"); // bob: Rastan is an actor
        adj.reject(3, "carol"); // no entity at Homs
        assert_eq!(adj.gold.review.undecided, Some(1));
        adj.accept(4, 1, "carol"); // bob's event
        assert!(adj.undecided().is_empty());
        assert_eq!(adj.gold.review.undecided, Some(0));
        assert_eq!(
            adj.gold.annotation.spans(),
            [
                Span::new(0, 6, "actor"),
                Span::new(14, 20, "actor"),
                Span::new(25, 33, "location"),
                Span::new(47, 53, "event")
            ]
        );
        // Changing one's mind replaces, not adds.
        adj.accept(1, 0, "carol");
        assert!(
            adj.gold
                .annotation
                .spans()
                .contains(&Span::new(14, 20, "location"))
        );
        assert!(
            !adj.gold
                .annotation
                .spans()
                .contains(&Span::new(14, 20, "actor"))
        );
        assert_eq!(adj.gold.review.decisions.len(), 5);
        let d = adj
            .gold
            .review
            .decisions
            .iter()
            .find(|d| d.start == 14)
            .unwrap();
        assert_eq!(d.choice, Choice::Annotator("alice".into()));
        // Accepting the annotator who had nothing is "no entity".
        adj.accept(3, 1, "carol");
        assert!(!adj.gold.annotation.spans().iter().any(|s| s.start == 39));
        let d = adj.gold.review.decisions.iter().find(|d| d.start == 39);
        assert_eq!(d.map(|d| &d.choice), Some(&Choice::NoEntity));
    }

    #[test]
    fn a_changed_annotator_file_makes_its_decision_stale() {
        let mut adj = Adjudication::new(&sources(), &["a".into(), "b".into()], None, "carol");
        adj.accept(1, 1, "carol");
        let gold = adj.gold.clone();
        // Bob changes Rastan to an event; the decision on that place is stale.
        let mut changed = sources();
        changed[1].remove(&Span::new(14, 20, "actor"));
        changed[1].insert(Span::new(14, 20, "event")).unwrap();
        let resumed = Adjudication::new(&changed, &["a".into(), "c".into()], Some(gold), "carol");
        assert!(matches!(resumed.state(1), PlaceState::Stale(_)));
        assert!(resumed.undecided().contains(&1));
        // Stale counts as undecided: places 1 (stale), 3 and 4.
        assert_eq!(resumed.gold.review.undecided, Some(3));
        assert!(matches!(resumed.state(0), PlaceState::Decided(_)));
    }
}
