//! Every change to an annotation as a value that can be applied and inverted, so that
//! undo is applying the inverse, and keys, clicks, menus and tests all change an
//! annotation the same way.

use thiserror::Error;

use super::{Annotation, Origin, Span, SpanError, Status, Suggestion};

/// One change to an annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Tag a new span by hand.
    Add(Span),
    /// Remove a span drawn by hand (a span with another origin is removed by
    /// [`Edit::RemoveAll`], which puts its origin back on undo; [`Edit::remove`] picks).
    Remove(Span),
    /// Change a span drawn by hand: a new label, new boundaries, or both
    /// ([`Edit::replace`] also changes spans of other origins).
    Replace {
        /// The span as it is.
        old: Span,
        /// The span as it becomes.
        new: Span,
    },
    /// Tag several spans at once, each with its origin (every occurrence of a name, the
    /// accepted suggestions), undone in one step.
    AddAll(Vec<Suggestion>),
    /// Remove several spans at once, each with its origin: what undoes [`Edit::AddAll`].
    RemoveAll(Vec<Suggestion>),
    /// Add pending suggestions (none may be pending already).
    Suggest(Vec<Suggestion>),
    /// Take pending suggestions away: what undoes [`Edit::Suggest`].
    Unsuggest(Vec<Suggestion>),
    /// Record suggestions as rejected, so that they do not come back.
    Reject(Vec<Suggestion>),
    /// Forget that suggestions were rejected: what undoes [`Edit::Reject`].
    Unreject(Vec<Suggestion>),
    /// Several edits as one, applied in order, all or nothing, undone in one step.
    Batch(Vec<Edit>),
    /// Mark the annotation done or in progress.
    SetStatus {
        /// The status as it is.
        old: Status,
        /// The status as it becomes.
        new: Status,
    },
}

/// Why an edit could not be applied. The annotation is left unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EditError {
    /// The new span is not acceptable.
    #[error(transparent)]
    Span(#[from] SpanError),
    /// The span to change or remove is not there.
    #[error("span [{}, {}) {:?} is not there", .0.start, .0.end, .0.label.as_str())]
    Missing(Span),
    /// The status is not what the edit expects.
    #[error("the document is {0}, not {1}")]
    Status(Status, Status),
    /// The span's origin is not what the edit expects.
    #[error("span [{}, {}) {:?} came from {}, not {}", .span.start, .span.end, .span.label.as_str(), .actual, .expected)]
    Origin {
        /// The span.
        span: Span,
        /// Its origin in the annotation.
        actual: Origin,
        /// The origin the edit expects.
        expected: Origin,
    },
    /// The suggestion to accept or reject is not pending, or one to add is already
    /// pending or rejected.
    #[error("no such suggestion: [{}, {}) {:?}", .0.start, .0.end, .0.label.as_str())]
    Suggestion(Span),
}

impl Edit {
    /// Applies the edit, all or nothing.
    ///
    /// ```
    /// use spantag::model::{Annotation, AnnotatorName, DocId, Document, Edit, Span, now};
    /// let doc = Document::new(DocId::new("d")?, "", "Rebels seized Homs.");
    /// let mut a = Annotation::new(doc, AnnotatorName::new("alice")?, now());
    /// let add = Edit::Add(Span::new(14, 18, "location"));
    /// add.apply(&mut a)?;
    /// add.inverse().apply(&mut a)?;
    /// assert!(a.spans().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&self, annotation: &mut Annotation) -> Result<(), EditError> {
        match self {
            Edit::Add(span) => {
                annotation.insert(span.clone())?;
            }
            Edit::Remove(span) => {
                expect_origin(annotation, span, Origin::Hand)?;
                if !annotation.remove(span) {
                    return Err(EditError::Missing(span.clone()));
                }
            }
            Edit::Replace { old, new } => {
                expect_origin(annotation, old, Origin::Hand)?;
                if !annotation.remove(old) {
                    return Err(EditError::Missing(old.clone()));
                }
                if let Err(e) = annotation.insert(new.clone()) {
                    // Put the old span back: it was there a moment ago, so this succeeds.
                    let _ = annotation.insert(old.clone());
                    return Err(e.into());
                }
            }
            Edit::AddAll(spans) => all_or_nothing(annotation, spans, add_from, remove_from)?,
            Edit::RemoveAll(spans) => all_or_nothing(annotation, spans, remove_from, add_from)?,
            Edit::Suggest(list) => all_or_nothing(annotation, list, suggest, unsuggest)?,
            Edit::Unsuggest(list) => all_or_nothing(annotation, list, unsuggest, suggest)?,
            Edit::Reject(list) => all_or_nothing(annotation, list, reject, unreject)?,
            Edit::Unreject(list) => all_or_nothing(annotation, list, unreject, reject)?,
            Edit::Batch(edits) => {
                for (i, edit) in edits.iter().enumerate() {
                    if let Err(e) = edit.apply(annotation) {
                        // Each was applied a moment ago, so its inverse applies.
                        for done in edits[..i].iter().rev() {
                            let _ = done.inverse().apply(annotation);
                        }
                        return Err(e);
                    }
                }
            }
            Edit::SetStatus { old, new } => {
                if annotation.status != *old {
                    return Err(EditError::Status(annotation.status, *old));
                }
                annotation.status = *new;
            }
        }
        Ok(())
    }

    /// The edit that removes `span` from `annotation`, keeping its origin for undo.
    pub fn remove(annotation: &Annotation, span: Span) -> Edit {
        match annotation.origin_of(&span) {
            Origin::Hand => Edit::Remove(span),
            origin => Edit::RemoveAll(vec![Suggestion::new(span, origin)]),
        }
    }

    /// The edit that changes `old` into `new` in `annotation`. The changed span counts
    /// as drawn by hand: whoever changes a suggested span makes it theirs.
    pub fn replace(annotation: &Annotation, old: Span, new: Span) -> Edit {
        match annotation.origin_of(&old) {
            Origin::Hand => Edit::Replace { old, new },
            origin => Edit::Batch(vec![
                Edit::RemoveAll(vec![Suggestion::new(old, origin)]),
                Edit::Add(new),
            ]),
        }
    }

    /// The edit that accepts pending `suggestions`, each as the span given beside it
    /// (its own, or with the label the analyst chose), with the suggestion's source as
    /// the span's origin.
    pub fn accept(suggestions: Vec<(Suggestion, Span)>) -> Edit {
        let (pending, spans): (Vec<_>, Vec<_>) = suggestions
            .into_iter()
            .map(|(s, span)| {
                let source = s.source;
                (s, Suggestion::new(span, source))
            })
            .unzip();
        Edit::Batch(vec![Edit::Unsuggest(pending), Edit::AddAll(spans)])
    }

    /// The edit that rejects pending `suggestions`: they leave the pending list and do
    /// not come back.
    pub fn reject(suggestions: Vec<Suggestion>) -> Edit {
        Edit::Batch(vec![
            Edit::Unsuggest(suggestions.clone()),
            Edit::Reject(suggestions),
        ])
    }

    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Add(span) => Edit::Remove(span.clone()),
            Edit::Remove(span) => Edit::Add(span.clone()),
            Edit::Replace { old, new } => Edit::Replace {
                old: new.clone(),
                new: old.clone(),
            },
            Edit::AddAll(spans) => Edit::RemoveAll(spans.clone()),
            Edit::RemoveAll(spans) => Edit::AddAll(spans.clone()),
            Edit::Suggest(list) => Edit::Unsuggest(list.clone()),
            Edit::Unsuggest(list) => Edit::Suggest(list.clone()),
            Edit::Reject(list) => Edit::Unreject(list.clone()),
            Edit::Unreject(list) => Edit::Reject(list.clone()),
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
            Edit::SetStatus { old, new } => Edit::SetStatus {
                old: *new,
                new: *old,
            },
        }
    }

    /// The span this edit leaves in place, if any (to keep it selected).
    pub fn resulting_span(&self) -> Option<&Span> {
        match self {
            Edit::Add(span) | Edit::Replace { new: span, .. } => Some(span),
            Edit::Batch(edits) => edits.iter().rev().find_map(Edit::resulting_span),
            Edit::AddAll(spans) if spans.len() == 1 => Some(&spans[0].span),
            Edit::Remove(_)
            | Edit::AddAll(_)
            | Edit::RemoveAll(_)
            | Edit::Suggest(_)
            | Edit::Unsuggest(_)
            | Edit::Reject(_)
            | Edit::Unreject(_)
            | Edit::SetStatus { .. } => None,
        }
    }
}

fn expect_origin(annotation: &Annotation, span: &Span, expected: Origin) -> Result<(), EditError> {
    let actual = annotation.origin_of(span);
    if actual == expected {
        Ok(())
    } else {
        Err(EditError::Origin {
            span: span.clone(),
            actual,
            expected,
        })
    }
}

/// Applies `step` to each item; on the first failure, `undo`es those done and fails.
fn all_or_nothing(
    annotation: &mut Annotation,
    items: &[Suggestion],
    step: fn(&mut Annotation, &Suggestion) -> Result<(), EditError>,
    undo: fn(&mut Annotation, &Suggestion) -> Result<(), EditError>,
) -> Result<(), EditError> {
    for (i, item) in items.iter().enumerate() {
        if let Err(e) = step(annotation, item) {
            for done in items[..i].iter().rev() {
                let _ = undo(annotation, done);
            }
            return Err(e);
        }
    }
    Ok(())
}

fn add_from(a: &mut Annotation, s: &Suggestion) -> Result<(), EditError> {
    a.insert_from(s.span.clone(), s.source)?;
    Ok(())
}

fn remove_from(a: &mut Annotation, s: &Suggestion) -> Result<(), EditError> {
    expect_origin(a, &s.span, s.source)?;
    if a.remove(&s.span) {
        Ok(())
    } else {
        Err(EditError::Missing(s.span.clone()))
    }
}

fn suggest(a: &mut Annotation, s: &Suggestion) -> Result<(), EditError> {
    if a.is_pending(&s.span) {
        return Err(EditError::Suggestion(s.span.clone()));
    }
    a.insert_suggestion(s.clone())?;
    Ok(())
}

fn unsuggest(a: &mut Annotation, s: &Suggestion) -> Result<(), EditError> {
    match a.unsuggest(&s.span) {
        Some(found) if found == *s => Ok(()),
        Some(found) => {
            // Not the same source: put it back as it was.
            let _ = a.insert_suggestion(found);
            Err(EditError::Suggestion(s.span.clone()))
        }
        None => Err(EditError::Suggestion(s.span.clone())),
    }
}

fn reject(a: &mut Annotation, s: &Suggestion) -> Result<(), EditError> {
    if a.insert_rejected(s.clone())? {
        Ok(())
    } else {
        Err(EditError::Suggestion(s.span.clone()))
    }
}

fn unreject(a: &mut Annotation, s: &Suggestion) -> Result<(), EditError> {
    match a.remove_rejected(&s.span) {
        Some(found) if found == *s => Ok(()),
        Some(found) => {
            let _ = a.insert_rejected(found);
            Err(EditError::Suggestion(s.span.clone()))
        }
        None => Err(EditError::Suggestion(s.span.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document, now};
    use proptest::prelude::*;

    fn annotation() -> Annotation {
        let doc = Document::new(
            DocId::new("d").unwrap(),
            "",
            "“Rebels” seized 😀 Homs.\r\nДамаск fell.",
        );
        Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now())
    }

    #[test]
    fn add_all_is_all_or_nothing_and_undone_in_one_step() {
        let mut a = annotation();
        Edit::Add(Span::new(18, 22, "location"))
            .apply(&mut a)
            .unwrap();
        let before = a.clone();
        // The second span is there already: nothing is added.
        let clash = Edit::AddAll(vec![
            Suggestion::new(Span::new(1, 7, "actor"), Origin::Occurrences),
            Suggestion::new(Span::new(18, 22, "location"), Origin::Occurrences),
        ]);
        assert!(clash.apply(&mut a).is_err());
        assert_eq!(a, before);
        let both = Edit::AddAll(vec![
            Suggestion::new(Span::new(1, 7, "actor"), Origin::Occurrences),
            Suggestion::new(Span::new(25, 31, "location"), Origin::Occurrences),
        ]);
        both.apply(&mut a).unwrap();
        assert_eq!(a.spans().len(), 3);
        both.inverse().apply(&mut a).unwrap();
        assert_eq!(a, before);
    }

    #[test]
    fn replace_is_all_or_nothing() {
        let mut a = annotation();
        Edit::Add(Span::new(1, 7, "actor")).apply(&mut a).unwrap();
        Edit::Add(Span::new(18, 22, "location"))
            .apply(&mut a)
            .unwrap();
        let before = a.clone();
        // Resizing onto an existing span would duplicate it: refused, nothing changes.
        let clash = Edit::Replace {
            old: Span::new(1, 7, "actor"),
            new: Span::new(18, 22, "location"),
        };
        assert!(matches!(
            clash.apply(&mut a),
            Err(EditError::Span(SpanError::Duplicate { .. }))
        ));
        assert_eq!(a, before);
        let missing = Edit::Remove(Span::new(0, 3, "event"));
        assert_eq!(
            missing.apply(&mut a).unwrap_err().to_string(),
            "span [0, 3) \"event\" is not there"
        );
        assert_eq!(a, before);
    }

    #[test]
    fn status_edits_check_the_current_status() {
        let mut a = annotation();
        let done = Edit::SetStatus {
            old: Status::InProgress,
            new: Status::Done,
        };
        done.apply(&mut a).unwrap();
        assert_eq!(a.status, Status::Done);
        assert!(done.apply(&mut a).is_err());
        done.inverse().apply(&mut a).unwrap();
        assert_eq!(a.status, Status::InProgress);
    }

    #[test]
    fn accepting_and_rejecting_are_edits_undone_exactly() {
        let mut a = annotation();
        let homs = Suggestion::new(Span::new(18, 22, "location"), Origin::Gazetteer);
        let rebels = Suggestion::new(Span::new(1, 7, "actor"), Origin::Dictionary);
        assert!(a.suggest(homs.clone()));
        assert!(a.suggest(rebels.clone()));
        let before = a.clone();
        // Accepted with another label: the span keeps the source as its origin.
        let accept = Edit::accept(vec![(rebels.clone(), Span::new(1, 7, "event"))]);
        accept.apply(&mut a).unwrap();
        assert_eq!(a.spans(), [Span::new(1, 7, "event")]);
        assert_eq!(a.origin_of(&Span::new(1, 7, "event")), Origin::Dictionary);
        assert_eq!(a.suggestions(), std::slice::from_ref(&homs));
        assert_eq!(accept.resulting_span(), Some(&Span::new(1, 7, "event")));
        // Removing it keeps its origin for undo; changing it makes it the analyst's.
        let remove = Edit::remove(&a, Span::new(1, 7, "event"));
        assert!(
            Edit::Remove(Span::new(1, 7, "event"))
                .apply(&mut a.clone())
                .is_err()
        );
        let mut removed = a.clone();
        remove.apply(&mut removed).unwrap();
        remove.inverse().apply(&mut removed).unwrap();
        assert_eq!(removed, a);
        let relabel = Edit::replace(&a, Span::new(1, 7, "event"), Span::new(1, 7, "actor"));
        let mut relabelled = a.clone();
        relabel.apply(&mut relabelled).unwrap();
        assert_eq!(
            relabelled.origin_of(&Span::new(1, 7, "actor")),
            Origin::Hand
        );
        relabel.inverse().apply(&mut relabelled).unwrap();
        assert_eq!(relabelled, a);
        accept.inverse().apply(&mut a).unwrap();
        assert_eq!(a, before);
        // Rejected: gone from the pending ones, and not suggested again.
        let reject = Edit::reject(vec![homs.clone()]);
        reject.apply(&mut a).unwrap();
        assert_eq!(a.suggestions(), std::slice::from_ref(&rebels));
        assert_eq!(a.rejected(), std::slice::from_ref(&homs));
        assert!(!a.suggest(homs.clone()));
        // Rejecting what is not pending fails and changes nothing.
        let again = a.clone();
        assert_eq!(
            reject.apply(&mut a).unwrap_err().to_string(),
            "no such suggestion: [18, 22) \"location\""
        );
        assert_eq!(a, again);
        reject.inverse().apply(&mut a).unwrap();
        assert_eq!(a, before);
    }

    #[test]
    fn a_suggestion_where_a_span_has_the_range_is_not_open() {
        let mut a = annotation();
        a.insert(Span::new(18, 22, "actor")).unwrap();
        // Same range: not suggested at all.
        assert!(!a.suggest(Suggestion::new(
            Span::new(18, 22, "location"),
            Origin::Gazetteer
        )));
        assert!(a.suggest(Suggestion::new(
            Span::new(25, 31, "location"),
            Origin::Gazetteer
        )));
        assert_eq!(a.open_suggestions().count(), 1);
        // A span drawn over a pending suggestion's range closes it.
        a.insert(Span::new(25, 31, "event")).unwrap();
        assert_eq!(a.open_suggestions().count(), 0);
        assert_eq!(a.suggestions().len(), 1);
        assert!(!a.is_suggestions_only());
    }

    fn edit_strategy() -> impl Strategy<Value = Edit> {
        let span = (0..30usize, 1..8usize, 0..3usize)
            .prop_map(|(s, l, k)| Span::new(s, (s + l).min(35), ["actor", "location", "event"][k]));
        let suggestion =
            (span.clone(), 1..5usize).prop_map(|(span, k)| Suggestion::new(span, Origin::ALL[k]));
        let some = prop::collection::vec(suggestion.clone(), 1..3);
        prop_oneof![
            span.clone().prop_map(Edit::Add),
            span.clone().prop_map(Edit::Remove),
            (span.clone(), span.clone()).prop_map(|(old, new)| Edit::Replace { old, new }),
            some.clone().prop_map(Edit::Suggest),
            some.clone().prop_map(Edit::AddAll),
            some.clone().prop_map(Edit::RemoveAll),
            some.clone().prop_map(Edit::reject),
            (suggestion, span).prop_map(|(s, as_span)| Edit::accept(vec![(s, as_span)])),
            some.prop_map(|list| Edit::Batch(vec![
                Edit::Suggest(list.clone()),
                Edit::Reject(list)
            ])),
        ]
    }

    proptest! {
        #[test]
        fn applying_then_inverting_restores_the_annotation(edits in prop::collection::vec(edit_strategy(), 0..40)) {
            let mut a = annotation();
            let mut applied = Vec::new();
            let mut states = vec![a.clone()];
            for edit in edits {
                let before = a.clone();
                match edit.apply(&mut a) {
                    Ok(()) => {
                        applied.push(edit);
                        states.push(a.clone());
                    }
                    Err(_) => prop_assert_eq!(&a, &before),
                }
            }
            while let Some(edit) = applied.pop() {
                states.pop();
                edit.inverse().apply(&mut a).unwrap();
                prop_assert_eq!(&a, states.last().unwrap());
            }
        }
    }
}
