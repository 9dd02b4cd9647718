//! Undo and redo: two stacks of applied edits, as deep as the session. Never saved.

use jiff::Timestamp;

use super::{Annotation, Edit, EditError};

/// The undo and redo stacks of one annotation.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    /// Applies `edit` to `annotation`, stamps it modified at `at` and remembers it for
    /// undo. A new edit clears the redo stack.
    pub fn apply(
        &mut self,
        annotation: &mut Annotation,
        edit: Edit,
        at: Timestamp,
    ) -> Result<(), EditError> {
        edit.apply(annotation)?;
        annotation.modified = at;
        self.undo.push(edit);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last edit. Returns the edit that was applied to undo it, or `None`
    /// when there is nothing to undo.
    pub fn undo(&mut self, annotation: &mut Annotation, at: Timestamp) -> Option<Edit> {
        let edit = self.undo.pop()?;
        let inverse = edit.inverse();
        if inverse.apply(annotation).is_err() {
            // The annotation changed behind the history's back (a reload): start over.
            self.clear();
            return None;
        }
        annotation.modified = at;
        self.redo.push(edit);
        Some(inverse)
    }

    /// Redoes the last undone edit. Returns it, or `None` when there is nothing to redo.
    pub fn redo(&mut self, annotation: &mut Annotation, at: Timestamp) -> Option<Edit> {
        let edit = self.redo.pop()?;
        if edit.apply(annotation).is_err() {
            self.clear();
            return None;
        }
        annotation.modified = at;
        self.undo.push(edit.clone());
        Some(edit)
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything (after the annotation was replaced by a reload).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document, Span, now};

    #[test]
    fn undo_and_redo_walk_the_edits() {
        let doc = Document::new(DocId::new("d").unwrap(), "", "Rebels seized Homs.");
        let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
        let mut h = History::default();
        let t = now();
        h.apply(&mut a, Edit::Add(Span::new(0, 6, "actor")), t)
            .unwrap();
        h.apply(
            &mut a,
            Edit::Replace {
                old: Span::new(0, 6, "actor"),
                new: Span::new(0, 6, "event"),
            },
            t,
        )
        .unwrap();
        assert!(
            h.apply(&mut a, Edit::Remove(Span::new(1, 2, "x")), t)
                .is_err()
        );
        assert_eq!(a.spans(), [Span::new(0, 6, "event")]);
        assert_eq!(
            h.undo(&mut a, t),
            Some(Edit::Replace {
                old: Span::new(0, 6, "event"),
                new: Span::new(0, 6, "actor"),
            })
        );
        assert_eq!(a.spans(), [Span::new(0, 6, "actor")]);
        assert_eq!(
            h.undo(&mut a, t),
            Some(Edit::Remove(Span::new(0, 6, "actor")))
        );
        assert!(a.spans().is_empty());
        assert_eq!(h.undo(&mut a, t), None);
        assert!(h.can_redo());
        h.redo(&mut a, t).unwrap();
        assert_eq!(a.spans(), [Span::new(0, 6, "actor")]);
        // A new edit drops the redo stack.
        h.apply(&mut a, Edit::Add(Span::new(14, 18, "location")), t)
            .unwrap();
        assert!(!h.can_redo());
        assert_eq!(h.redo(&mut a, t), None);
    }
}
