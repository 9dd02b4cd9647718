//! Everything the window can be asked to do, as one type: keys, clicks, menu items and
//! tests all send commands, and the app applies them in one place.

use std::ops::Range;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::editor::Edge;
use crate::model::{AnnotatorName, Label, Schema, Span};

/// A request to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Open a corpus folder or a text file.
    Open(PathBuf),
    /// Ask for a file with the native dialog, then open it.
    OpenFileDialog,
    /// Ask for a folder with the native dialog, then open it.
    OpenFolderDialog,
    /// Show document `i` of the corpus list.
    OpenDocument(usize),
    /// Show the next (or previous) document of the list.
    StepDocument {
        /// Down the list, or up.
        forward: bool,
    },
    /// Mark the document done and go to the next one not done.
    DoneAndNext,
    /// Mark the document in progress again.
    Reopen,
    /// Select code points.
    Select {
        /// What to select.
        range: Range<usize>,
        /// The moving end.
        caret: usize,
    },
    /// Put the caret at a code point, dropping any selection.
    PlaceCaret(usize),
    /// Drop the selection and the selected span.
    ClearSelection,
    /// Move the caret a word; with `extend`, change the selection.
    MoveCaret {
        /// Right, or left.
        forward: bool,
        /// Grow or shrink the selection.
        extend: bool,
    },
    /// Move the caret a row up or down; with `extend`, change the selection.
    MoveLine {
        /// Down, or up.
        down: bool,
        /// Grow or shrink the selection.
        extend: bool,
    },
    /// Select a span (and scroll to it).
    SelectSpan(Span),
    /// Select the next (or previous) span.
    StepSpan {
        /// Forward in the text, or back.
        forward: bool,
    },
    /// Tag the selection, or relabel the selected span.
    Tag(Label),
    /// Delete the selected span.
    DeleteSelectedSpan,
    /// Change a span's boundaries.
    ResizeSpan {
        /// The span as it is.
        old: Span,
        /// The span as it becomes.
        new: Span,
    },
    /// Move an edge of the selected span by a word.
    NudgeSpan {
        /// Which edge.
        edge: Edge,
        /// Right, or left.
        forward: bool,
    },
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Save now instead of waiting.
    SaveNow,
    /// Change who is annotating.
    SetAnnotator(AnnotatorName),
    /// Ask for the annotator's name again.
    AskAnnotator,
    /// In a conflict, keep the edits made here and overwrite the file.
    KeepMine,
    /// In a conflict, drop the edits made here and load the file.
    TakeTheirs,
    /// Show or hide the keyboard shortcuts.
    ToggleShortcuts,
    /// Open or close review mode on the open document.
    ToggleReview,
    /// A review-mode command.
    Review(super::review::ReviewCommand),
    /// Open the agreement window.
    ShowAgreement,
    /// Open the export dialog.
    ShowExport,
    /// Open the import dialog.
    ShowImport,
    /// Scroll the text by a page.
    ScrollPage {
        /// Down, or up.
        down: bool,
    },
}

/// The keyboard shortcuts, for the menus and the help window: (keys, what they do).
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Drag", "select text, snapped to whole words"),
    ("Alt+drag", "select exact characters"),
    ("Double-click", "select a word"),
    ("Shift+click", "extend the selection"),
    (
        "1 2 3 (the label keys)",
        "tag the selection or the word at the caret; relabel the selected span",
    ),
    ("Click a span", "select it"),
    ("Drag a span's edge", "resize it"),
    ("Delete / Backspace", "delete the selected span"),
    ("Tab / Shift+Tab", "next / previous span"),
    ("Left / Right", "move the caret by a word"),
    ("Shift+Left / Shift+Right", "extend the selection by a word"),
    (
        "Up / Down (Shift to extend)",
        "move the caret a row up or down",
    ),
    (
        "Shift+Alt+Left / Right",
        "move the selected span's end by a word",
    ),
    (
        "Ctrl+Shift+Alt+Left / Right",
        "move the selected span's start by a word",
    ),
    ("Escape", "drop the selection"),
    ("PageDown / Space, PageUp", "scroll a page down, up"),
    ("Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z / Ctrl+Y", "redo"),
    (
        "Ctrl+Enter",
        "mark the document done and open the next one not done",
    ),
    ("Ctrl+PageDown / Ctrl+PageUp", "next / previous document"),
    ("Ctrl+S", "save now (saving is automatic)"),
    ("Ctrl+O / Ctrl+Shift+O", "open a file / a folder"),
    (
        "Ctrl+R",
        "review mode: adjudicate the annotators' files into gold.ron",
    ),
    ("N / P (review)", "next / previous undecided place"),
    (
        "1 2 3 (review, nothing selected)",
        "take annotator 1, 2, 3's version",
    ),
    ("X (review)", "no entity here"),
    (
        "Escape (review)",
        "drop the selection, so digits take versions again",
    ),
    ("F1", "show these shortcuts"),
];

/// Commands for the keys pressed this frame, consuming them (so egui does not also move
/// focus with Tab). Call only when no text field has the keyboard.
pub fn commands_from_keys(ctx: &egui::Context, schema: &Schema) -> Vec<Command> {
    let mut out = Vec::new();
    ctx.input_mut(|input| {
        let mut shortcut = |modifiers: Modifiers, key: Key, command: Command| {
            if input.consume_shortcut(&KeyboardShortcut::new(modifiers, key)) {
                out.push(command);
            }
        };
        let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let shift_alt = Modifiers::SHIFT | Modifiers::ALT;
        let all = Modifiers::COMMAND | Modifiers::SHIFT | Modifiers::ALT;
        // Longer combinations first: consume_shortcut matches supersets otherwise.
        shortcut(
            all,
            Key::ArrowLeft,
            Command::NudgeSpan {
                edge: Edge::Start,
                forward: false,
            },
        );
        shortcut(
            all,
            Key::ArrowRight,
            Command::NudgeSpan {
                edge: Edge::Start,
                forward: true,
            },
        );
        shortcut(
            shift_alt,
            Key::ArrowLeft,
            Command::NudgeSpan {
                edge: Edge::End,
                forward: false,
            },
        );
        shortcut(
            shift_alt,
            Key::ArrowRight,
            Command::NudgeSpan {
                edge: Edge::End,
                forward: true,
            },
        );
        shortcut(ctrl_shift, Key::Z, Command::Redo);
        shortcut(ctrl_shift, Key::O, Command::OpenFolderDialog);
        shortcut(Modifiers::COMMAND, Key::Z, Command::Undo);
        shortcut(Modifiers::COMMAND, Key::Y, Command::Redo);
        shortcut(Modifiers::COMMAND, Key::Enter, Command::DoneAndNext);
        shortcut(
            Modifiers::COMMAND,
            Key::PageDown,
            Command::StepDocument { forward: true },
        );
        shortcut(
            Modifiers::COMMAND,
            Key::PageUp,
            Command::StepDocument { forward: false },
        );
        shortcut(Modifiers::COMMAND, Key::S, Command::SaveNow);
        shortcut(Modifiers::COMMAND, Key::R, Command::ToggleReview);
        shortcut(Modifiers::COMMAND, Key::O, Command::OpenFileDialog);
        shortcut(
            Modifiers::SHIFT,
            Key::Tab,
            Command::StepSpan { forward: false },
        );
        shortcut(
            Modifiers::SHIFT,
            Key::ArrowLeft,
            Command::MoveCaret {
                forward: false,
                extend: true,
            },
        );
        shortcut(
            Modifiers::SHIFT,
            Key::ArrowRight,
            Command::MoveCaret {
                forward: true,
                extend: true,
            },
        );
        shortcut(
            Modifiers::SHIFT,
            Key::ArrowUp,
            Command::MoveLine {
                down: false,
                extend: true,
            },
        );
        shortcut(
            Modifiers::SHIFT,
            Key::ArrowDown,
            Command::MoveLine {
                down: true,
                extend: true,
            },
        );
        shortcut(
            Modifiers::NONE,
            Key::ArrowUp,
            Command::MoveLine {
                down: false,
                extend: false,
            },
        );
        shortcut(
            Modifiers::NONE,
            Key::ArrowDown,
            Command::MoveLine {
                down: true,
                extend: false,
            },
        );
        shortcut(
            Modifiers::NONE,
            Key::Tab,
            Command::StepSpan { forward: true },
        );
        shortcut(
            Modifiers::NONE,
            Key::ArrowLeft,
            Command::MoveCaret {
                forward: false,
                extend: false,
            },
        );
        shortcut(
            Modifiers::NONE,
            Key::ArrowRight,
            Command::MoveCaret {
                forward: true,
                extend: false,
            },
        );
        shortcut(Modifiers::NONE, Key::Delete, Command::DeleteSelectedSpan);
        shortcut(Modifiers::NONE, Key::Backspace, Command::DeleteSelectedSpan);
        shortcut(Modifiers::NONE, Key::Escape, Command::ClearSelection);
        shortcut(Modifiers::NONE, Key::F1, Command::ToggleShortcuts);
        shortcut(
            Modifiers::NONE,
            Key::PageDown,
            Command::ScrollPage { down: true },
        );
        shortcut(
            Modifiers::NONE,
            Key::PageUp,
            Command::ScrollPage { down: false },
        );
        shortcut(
            Modifiers::NONE,
            Key::Space,
            Command::ScrollPage { down: true },
        );
        // Label keys arrive as text, whatever the keyboard layout.
        input.events.retain(|event| {
            if let egui::Event::Text(text) = event {
                let mut chars = text.chars();
                if let (Some(c), None) = (chars.next(), chars.next())
                    && let Some(def) = schema.by_key(c)
                {
                    out.push(Command::Tag(def.name.clone()));
                    return false;
                }
            }
            true
        });
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands_for(events: Vec<egui::Event>) -> Vec<Command> {
        let ctx = egui::Context::default();
        let mut found = Vec::new();
        let input = egui::RawInput {
            events,
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| {
            found = commands_from_keys(ui.ctx(), &Schema::default())
        });
        out.textures_delta.clear();
        found
    }

    fn key(key: Key, modifiers: Modifiers) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    #[test]
    fn keys_become_commands() {
        let ctrl = Modifiers::COMMAND | Modifiers::CTRL;
        assert_eq!(
            commands_for(vec![key(Key::Enter, ctrl)]),
            [Command::DoneAndNext]
        );
        assert_eq!(commands_for(vec![key(Key::Z, ctrl)]), [Command::Undo]);
        assert_eq!(
            commands_for(vec![key(Key::Z, ctrl | Modifiers::SHIFT)]),
            [Command::Redo]
        );
        assert_eq!(
            commands_for(vec![key(Key::ArrowRight, Modifiers::SHIFT)]),
            [Command::MoveCaret {
                forward: true,
                extend: true
            }]
        );
        assert_eq!(
            commands_for(vec![key(
                Key::ArrowRight,
                Modifiers::SHIFT | Modifiers::ALT
            )]),
            [Command::NudgeSpan {
                edge: Edge::End,
                forward: true
            }]
        );
        assert_eq!(
            commands_for(vec![egui::Event::Text("2".into())]),
            [Command::Tag(crate::model::Label::new("location"))]
        );
        assert_eq!(commands_for(vec![egui::Event::Text("x".into())]), []);
        assert_eq!(
            commands_for(vec![key(Key::ArrowDown, Modifiers::NONE)]),
            [Command::MoveLine {
                down: true,
                extend: false
            }]
        );
    }
}
