//! Every change to an annotation as a value that can be applied and inverted, so that
//! undo is applying the inverse, and keys, clicks, menus and tests all change an
//! annotation the same way.

use thiserror::Error;

use super::{Annotation, Span, SpanError, Status};

/// One change to an annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Tag a new span.
    Add(Span),
    /// Remove a span.
    Remove(Span),
    /// Change a span: a new label, new boundaries, or both.
    Replace {
        /// The span as it is.
        old: Span,
        /// The span as it becomes.
        new: Span,
    },
    /// Tag several spans at once (every occurrence of a name), undone in one step.
    AddAll(Vec<Span>),
    /// Remove several spans at once: what undoes [`Edit::AddAll`].
    RemoveAll(Vec<Span>),
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
                if !annotation.remove(span) {
                    return Err(EditError::Missing(span.clone()));
                }
            }
            Edit::Replace { old, new } => {
                if !annotation.remove(old) {
                    return Err(EditError::Missing(old.clone()));
                }
                if let Err(e) = annotation.insert(new.clone()) {
                    // Put the old span back: it was there a moment ago, so this succeeds.
                    let _ = annotation.insert(old.clone());
                    return Err(e.into());
                }
            }
            Edit::AddAll(spans) => {
                for (i, span) in spans.iter().enumerate() {
                    if let Err(e) = annotation.insert(span.clone()) {
                        // All or nothing: take back those already in.
                        for added in &spans[..i] {
                            annotation.remove(added);
                        }
                        return Err(e.into());
                    }
                }
            }
            Edit::RemoveAll(spans) => {
                for (i, span) in spans.iter().enumerate() {
                    if !annotation.remove(span) {
                        // They were there a moment ago, so putting them back succeeds.
                        for removed in &spans[..i] {
                            let _ = annotation.insert(removed.clone());
                        }
                        return Err(EditError::Missing(span.clone()));
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
            Edit::Remove(_) | Edit::AddAll(_) | Edit::RemoveAll(_) | Edit::SetStatus { .. } => None,
        }
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
            Span::new(1, 7, "actor"),
            Span::new(18, 22, "location"),
        ]);
        assert!(clash.apply(&mut a).is_err());
        assert_eq!(a, before);
        let both = Edit::AddAll(vec![
            Span::new(1, 7, "actor"),
            Span::new(25, 31, "location"),
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

    fn edit_strategy() -> impl Strategy<Value = Edit> {
        let span = (0..30usize, 1..8usize, 0..3usize)
            .prop_map(|(s, l, k)| Span::new(s, (s + l).min(35), ["actor", "location", "event"][k]));
        prop_oneof![
            span.clone().prop_map(Edit::Add),
            span.clone().prop_map(Edit::Remove),
            (span.clone(), span).prop_map(|(old, new)| Edit::Replace { old, new }),
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
