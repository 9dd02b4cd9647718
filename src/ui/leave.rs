//! Leaving what is open — quitting, opening another corpus, changing the annotator —
//! when some work could not be written: what the user is asked, and what they can
//! answer. No egui here; the dialogs panel draws the question and `handle.rs` acts on the
//! answer.

use std::path::PathBuf;

use crate::model::AnnotatorName;

/// What the user asked for that closes the open documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leave {
    /// Close the window.
    Quit,
    /// Open another corpus folder or text file (or list this one again).
    Open(PathBuf),
    /// Go on as another annotator.
    SetAnnotator(AnnotatorName),
}

impl Leave {
    /// What the "discard" button does, in words ("Discard and quit").
    pub fn discard_label(&self) -> &'static str {
        match self {
            Self::Quit => "Discard and quit",
            Self::Open(_) => "Discard and open",
            Self::SetAnnotator(_) => "Discard and switch",
        }
    }
}

/// A file whose latest edits are not on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsavedFile {
    /// The document, and whose file it is ("homs — alice", "homs — gold").
    pub what: String,
    /// The file that should hold the work.
    pub path: PathBuf,
    /// Why it is not saved.
    pub why: String,
}

/// The question asked before leaving with unsaved work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeavePrompt {
    /// What the user asked for.
    pub intent: Leave,
    /// The files whose work would be lost.
    pub unsaved: Vec<UnsavedFile>,
    /// What went wrong with the last answer (a copy that could not be written).
    pub problem: Option<String>,
}

/// The user's answer to a [`LeavePrompt`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveAnswer {
    /// Stay, and keep retrying the saves.
    KeepTrying,
    /// Write the unsaved work to a folder the user picks, then leave.
    CopyElsewhere,
    /// Drop the unsaved work and leave.
    Discard,
}
