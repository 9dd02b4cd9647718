//! Everything the window can be asked to do, as values: keys, clicks, menu items and
//! tests all send commands, and the app applies them in one place, matching every
//! variant (a new command that is not handled does not compile).
//!
//! The keyboard is defined once, in [`SHORTCUTS`]: the keys, their name in words and what
//! they do. The key handling, the menus, the F1 window and the README's table (checked by
//! a test) all come from it.

use std::ops::Range;
use std::path::PathBuf;

use egui::{Key, Modifiers};

use super::editor::Edge;
use super::leave::LeaveAnswer;
use super::review::ReviewCommand;
use crate::model::{AnnotatorName, DocId, Label, Schema, Span, Status, Suggestion};

/// A change to the open document or its selection.
#[derive(Clone, Debug, PartialEq)]
pub enum EditCommand {
    /// Select code points.
    Select {
        /// What to select.
        range: Range<usize>,
        /// The moving end.
        caret: usize,
    },
    /// Put the caret at a code point, dropping any selection.
    PlaceCaret(usize),
    /// Select a hit of Find and bring it into view.
    SelectFound(Range<usize>),
    /// Drop the selection and the selected span.
    ClearSelection,
    /// Move the caret a word; with `extend`, change the selection.
    MoveCaret {
        /// Right, or left.
        forward: bool,
        /// Grow or shrink the selection.
        extend: bool,
    },
    /// Select a span (and scroll to it).
    SelectSpan(Span),
    /// Select the next (or previous) span or suggestion.
    StepSpan {
        /// Forward in the text, or back.
        forward: bool,
    },
    /// Select a suggestion (and scroll to it).
    SelectSuggestion(Suggestion),
    /// Accept the selected suggestion, or the one under the caret, with its label.
    AcceptSuggestion,
    /// Reject the selected suggestion, or the one under the caret.
    RejectSuggestion,
    /// Accept every suggestion shown in the document.
    AcceptAllSuggestions,
    /// Tag the selection, or relabel the selected span.
    Tag(Label),
    /// Delete the selected span.
    DeleteSelectedSpan,
    /// Tag every other occurrence of the selected span's words in the document with
    /// its label, in one edit.
    TagAllOccurrences,
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
    /// Mark the document done or in progress.
    SetStatus(Status),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
}

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
    /// A change to the open document.
    Edit(EditCommand),
    /// Move the caret a row up or down; with `extend`, change the selection.
    MoveLine {
        /// Down, or up.
        down: bool,
        /// Grow or shrink the selection.
        extend: bool,
    },
    /// Move the caret to the start (`end` false) or the end of its row, in reading
    /// order (in right-to-left text the start is on the right); with `extend`, change
    /// the selection.
    MoveRowEdge {
        /// The row's end, or its start.
        end: bool,
        /// Grow or shrink the selection.
        extend: bool,
    },
    /// Scroll the text by a page.
    ScrollPage {
        /// Down, or up.
        down: bool,
    },
    /// Save now instead of waiting.
    SaveNow,
    /// Change who is annotating.
    SetAnnotator(AnnotatorName),
    /// Ask for the annotator's name again.
    AskAnnotator,
    /// In a conflict, keep the version here and overwrite the file.
    KeepMine,
    /// In a conflict, drop the version here and load the file.
    TakeTheirs,
    /// Dismiss the message shown above the text.
    DismissNotice,
    /// Show or hide the keyboard shortcuts.
    ToggleShortcuts,
    /// Read the open document in this direction (View → Text direction), and remember
    /// it for the document.
    SetDirection(crate::text::bidi::BaseDirection),
    /// Show or hide the label key at each span's start.
    ToggleLabelTags,
    /// Make the article's text this size (points), or the default with `None`.
    SetTextSize(Option<u8>),
    /// Keep lines to a reading width, centred, or not.
    ToggleLineLength,
    /// Agree (or not) to run the corpus's suggestion command.
    AllowCommand(bool),
    /// Count every other occurrence of the selected span's words in the corpus, for
    /// the preview of tagging them all.
    TagAllInCorpus,
    /// Tag them: spans in the open document, suggestions in the others.
    ConfirmTagAllInCorpus,
    /// Show or hide the suggestions of a source (View menu), remembered per corpus.
    ShowSuggestionsFrom {
        /// The source.
        source: crate::model::Origin,
        /// Shown or hidden.
        shown: bool,
    },
    /// Open or close review mode on the open document.
    ToggleReview,
    /// A review-mode command.
    Review(ReviewCommand),
    /// Open the find bar over the document and put the cursor in it.
    ShowFind,
    /// Open the corpus search window.
    ShowSearch,
    /// Search the corpus (the search window shows the hits).
    Search(crate::jobs::search::SearchRequest),
    /// Open a document and select a range of it (a hit of the corpus search).
    OpenAt {
        /// The document.
        id: DocId,
        /// What to select.
        range: Range<usize>,
    },
    /// Open the agreement window.
    ShowAgreement,
    /// Open the export dialog.
    ShowExport,
    /// Open the import dialog.
    ShowImport,
    /// Close the window, after writing every pending edit (asks first if some cannot be
    /// written).
    Quit,
    /// The answer to the question asked before leaving with unsaved work.
    Leave(LeaveAnswer),
    /// Take the offered recovery copy's work as the document's (`true`), or delete the
    /// copy (`false`).
    RestoreRecovered(bool),
    /// Move orphan annotation folder `i`'s files to the text they were made on.
    Relink(usize),
}

impl EditCommand {
    /// Whether the command changes the annotation (rather than the caret, the selection
    /// or the view).
    pub fn changes_annotation(&self) -> bool {
        match self {
            Self::Select { .. }
            | Self::PlaceCaret(_)
            | Self::SelectFound(_)
            | Self::ClearSelection
            | Self::MoveCaret { .. }
            | Self::SelectSpan(_)
            | Self::SelectSuggestion(_)
            | Self::StepSpan { .. } => false,
            Self::AcceptSuggestion | Self::RejectSuggestion | Self::AcceptAllSuggestions => true,
            Self::Tag(_)
            | Self::DeleteSelectedSpan
            | Self::TagAllOccurrences
            | Self::ResizeSpan { .. }
            | Self::NudgeSpan { .. }
            | Self::SetStatus(_)
            | Self::Undo
            | Self::Redo => true,
        }
    }
}

impl From<EditCommand> for Command {
    fn from(command: EditCommand) -> Self {
        Self::Edit(command)
    }
}

impl From<ReviewCommand> for Command {
    fn from(command: ReviewCommand) -> Self {
        Self::Review(command)
    }
}

/// When a key binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Annotating (not in review mode).
    Annotate,
    /// In review mode.
    Review,
    /// Always.
    Both,
}

/// One key combination and the command it sends.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Modifiers, matched exactly (Ctrl is Cmd on a Mac).
    pub modifiers: Modifiers,
    /// The key.
    pub key: Key,
    /// What it does.
    pub command: fn() -> Command,
}

/// One row of the shortcut table.
#[derive(Clone, Copy, Debug)]
pub struct Shortcut {
    /// The keys in words, as the README and the F1 window show them.
    pub keys: &'static str,
    /// What they do.
    pub does: &'static str,
    /// When they apply.
    pub scope: Scope,
    /// The key combinations (none for mouse gestures and label keys, which are handled
    /// where the pointer and the typed text are).
    pub bindings: &'static [Binding],
}

const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;
const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};
const SHIFT_ALT: Modifiers = Modifiers {
    shift: true,
    alt: true,
    ..Modifiers::NONE
};
const CTRL_SHIFT_ALT: Modifiers = Modifiers {
    shift: true,
    alt: true,
    ..Modifiers::COMMAND
};

const fn bind(modifiers: Modifiers, key: Key, command: fn() -> Command) -> Binding {
    Binding {
        modifiers,
        key,
        command,
    }
}

const fn row(
    keys: &'static str,
    does: &'static str,
    scope: Scope,
    bindings: &'static [Binding],
) -> Shortcut {
    Shortcut {
        keys,
        does,
        scope,
        bindings,
    }
}

fn edit(command: EditCommand) -> Command {
    Command::Edit(command)
}

/// Every shortcut of the window, in the order the README and the F1 window list them.
pub const SHORTCUTS: &[Shortcut] = &[
    row(
        "Drag",
        "select text, snapped to whole words",
        Scope::Annotate,
        &[],
    ),
    row("Alt+drag", "select exact characters", Scope::Annotate, &[]),
    row("Double-click", "select a word", Scope::Annotate, &[]),
    row("Shift+click", "extend the selection", Scope::Annotate, &[]),
    row(
        "1 2 3 (the label keys)",
        "tag the selection or the word at the caret; relabel the selected span",
        Scope::Both,
        &[],
    ),
    row("Click a span", "select it", Scope::Both, &[]),
    row("Drag a span's edge", "resize it", Scope::Both, &[]),
    row(
        "Delete / Backspace",
        "delete the selected span",
        Scope::Annotate,
        &[
            bind(NONE, Key::Delete, || edit(EditCommand::DeleteSelectedSpan)),
            bind(NONE, Key::Backspace, || {
                edit(EditCommand::DeleteSelectedSpan)
            }),
        ],
    ),
    row(
        "Tab / Shift+Tab",
        "next / previous span or suggestion",
        Scope::Annotate,
        &[
            bind(NONE, Key::Tab, || {
                edit(EditCommand::StepSpan { forward: true })
            }),
            bind(SHIFT, Key::Tab, || {
                edit(EditCommand::StepSpan { forward: false })
            }),
        ],
    ),
    row(
        "Ctrl+Shift+T",
        "tag every occurrence of the selected span's words in the corpus: a preview with the count per document, then spans here and suggestions in the other documents",
        Scope::Annotate,
        &[bind(CTRL_SHIFT, Key::T, || Command::TagAllInCorpus)],
    ),
    row(
        "Enter",
        "accept the selected suggestion, or the one at the caret (a label key accepts it with that label), and go to the next",
        Scope::Annotate,
        &[bind(NONE, Key::Enter, || {
            edit(EditCommand::AcceptSuggestion)
        })],
    ),
    row(
        "X",
        "reject the selected suggestion, or the one at the caret: it is not suggested here again",
        Scope::Annotate,
        &[bind(NONE, Key::X, || edit(EditCommand::RejectSuggestion))],
    ),
    row(
        "Shift+A",
        "accept every suggestion shown in the document (one undo step)",
        Scope::Annotate,
        &[bind(SHIFT, Key::A, || {
            edit(EditCommand::AcceptAllSuggestions)
        })],
    ),
    row(
        "Left / Right",
        "move the caret by a word, the way the arrow points on screen (in Arabic, Left moves on; an English name inside Arabic is crossed as it stands)",
        Scope::Annotate,
        &[
            bind(NONE, Key::ArrowLeft, || {
                edit(EditCommand::MoveCaret {
                    forward: false,
                    extend: false,
                })
            }),
            bind(NONE, Key::ArrowRight, || {
                edit(EditCommand::MoveCaret {
                    forward: true,
                    extend: false,
                })
            }),
        ],
    ),
    row(
        "Shift+Left / Shift+Right",
        "extend the selection by a word",
        Scope::Annotate,
        &[
            bind(SHIFT, Key::ArrowLeft, || {
                edit(EditCommand::MoveCaret {
                    forward: false,
                    extend: true,
                })
            }),
            bind(SHIFT, Key::ArrowRight, || {
                edit(EditCommand::MoveCaret {
                    forward: true,
                    extend: true,
                })
            }),
        ],
    ),
    row(
        "Up / Down (Shift to extend)",
        "move the caret a row up or down",
        Scope::Annotate,
        &[
            bind(NONE, Key::ArrowUp, || Command::MoveLine {
                down: false,
                extend: false,
            }),
            bind(NONE, Key::ArrowDown, || Command::MoveLine {
                down: true,
                extend: false,
            }),
            bind(SHIFT, Key::ArrowUp, || Command::MoveLine {
                down: false,
                extend: true,
            }),
            bind(SHIFT, Key::ArrowDown, || Command::MoveLine {
                down: true,
                extend: true,
            }),
        ],
    ),
    row(
        "Home / End (Shift to extend)",
        "move the caret to the start or end of its row, in reading order",
        Scope::Annotate,
        &[
            bind(NONE, Key::Home, || Command::MoveRowEdge {
                end: false,
                extend: false,
            }),
            bind(NONE, Key::End, || Command::MoveRowEdge {
                end: true,
                extend: false,
            }),
            bind(SHIFT, Key::Home, || Command::MoveRowEdge {
                end: false,
                extend: true,
            }),
            bind(SHIFT, Key::End, || Command::MoveRowEdge {
                end: true,
                extend: true,
            }),
        ],
    ),
    row(
        "Shift+Alt+Left / Right",
        "move the selected span's end by a word, the way the arrow points",
        Scope::Annotate,
        &[
            bind(SHIFT_ALT, Key::ArrowLeft, || {
                edit(EditCommand::NudgeSpan {
                    edge: Edge::End,
                    forward: false,
                })
            }),
            bind(SHIFT_ALT, Key::ArrowRight, || {
                edit(EditCommand::NudgeSpan {
                    edge: Edge::End,
                    forward: true,
                })
            }),
        ],
    ),
    row(
        "Ctrl+Shift+Alt+Left / Right",
        "move the selected span's start by a word, the way the arrow points",
        Scope::Annotate,
        &[
            bind(CTRL_SHIFT_ALT, Key::ArrowLeft, || {
                edit(EditCommand::NudgeSpan {
                    edge: Edge::Start,
                    forward: false,
                })
            }),
            bind(CTRL_SHIFT_ALT, Key::ArrowRight, || {
                edit(EditCommand::NudgeSpan {
                    edge: Edge::Start,
                    forward: true,
                })
            }),
        ],
    ),
    row(
        "Escape",
        "drop the selection",
        Scope::Annotate,
        &[bind(NONE, Key::Escape, || {
            edit(EditCommand::ClearSelection)
        })],
    ),
    row(
        "PageDown / Space, PageUp",
        "scroll a page down, up",
        Scope::Both,
        &[
            bind(NONE, Key::PageDown, || Command::ScrollPage { down: true }),
            bind(NONE, Key::Space, || Command::ScrollPage { down: true }),
            bind(NONE, Key::PageUp, || Command::ScrollPage { down: false }),
        ],
    ),
    row(
        "Ctrl+Z",
        "undo",
        Scope::Annotate,
        &[bind(CTRL, Key::Z, || edit(EditCommand::Undo))],
    ),
    row(
        "Ctrl+Shift+Z / Ctrl+Y",
        "redo",
        Scope::Annotate,
        &[
            bind(CTRL_SHIFT, Key::Z, || edit(EditCommand::Redo)),
            bind(CTRL, Key::Y, || edit(EditCommand::Redo)),
        ],
    ),
    row(
        "Ctrl+Enter",
        "mark the document done and open the next one not done",
        Scope::Annotate,
        &[bind(CTRL, Key::Enter, || Command::DoneAndNext)],
    ),
    row(
        "Ctrl+PageDown / Ctrl+PageUp",
        "next / previous document",
        Scope::Both,
        &[
            bind(CTRL, Key::PageDown, || Command::StepDocument {
                forward: true,
            }),
            bind(CTRL, Key::PageUp, || Command::StepDocument {
                forward: false,
            }),
        ],
    ),
    row(
        "Ctrl+S",
        "save now (saving is automatic)",
        Scope::Both,
        &[bind(CTRL, Key::S, || Command::SaveNow)],
    ),
    row(
        "Ctrl+O / Ctrl+Shift+O",
        "open a file / a folder",
        Scope::Both,
        &[
            bind(CTRL, Key::O, || Command::OpenFileDialog),
            bind(CTRL_SHIFT, Key::O, || Command::OpenFolderDialog),
        ],
    ),
    row(
        "Ctrl+T",
        "tag every other occurrence of the selected span's words in the document with its label (whole words; in Arabic also after و ف ب ك ل and ال); one Ctrl+Z takes them back",
        Scope::Annotate,
        &[bind(CTRL, Key::T, || edit(EditCommand::TagAllOccurrences))],
    ),
    row(
        "Ctrl+F",
        "find in the document: Enter / Shift+Enter select the next / previous hit; Escape goes back to the text, where a label key tags it",
        Scope::Annotate,
        &[bind(CTRL, Key::F, || Command::ShowFind)],
    ),
    row(
        "Ctrl+Shift+F",
        "search the whole corpus: every hit in context, a click opens its document there",
        Scope::Both,
        &[bind(CTRL_SHIFT, Key::F, || Command::ShowSearch)],
    ),
    row(
        "Ctrl+R",
        "review mode: adjudicate the annotators' files into gold.ron",
        Scope::Both,
        &[bind(CTRL, Key::R, || Command::ToggleReview)],
    ),
    row(
        "N / P (review)",
        "next / previous undecided place",
        Scope::Review,
        &[
            bind(NONE, Key::N, || {
                Command::Review(ReviewCommand::Step { forward: true })
            }),
            bind(NONE, Key::P, || {
                Command::Review(ReviewCommand::Step { forward: false })
            }),
        ],
    ),
    row(
        "1 2 3 (review, nothing selected)",
        "take annotator 1, 2, 3's version",
        Scope::Review,
        &[],
    ),
    row(
        "X (review)",
        "no entity here",
        Scope::Review,
        &[bind(NONE, Key::X, || {
            Command::Review(ReviewCommand::Reject)
        })],
    ),
    row(
        "Shift+A (review)",
        "accept every undecided place where more than half the annotators agree (one undo step)",
        Scope::Review,
        &[bind(SHIFT, Key::A, || {
            Command::Review(ReviewCommand::AcceptAgreed)
        })],
    ),
    row(
        "Delete / Backspace (review)",
        "remove the selected gold span",
        Scope::Review,
        &[
            bind(NONE, Key::Delete, || Command::Review(ReviewCommand::Delete)),
            bind(NONE, Key::Backspace, || {
                Command::Review(ReviewCommand::Delete)
            }),
        ],
    ),
    row(
        "Escape (review)",
        "drop the selection, so digits take versions again",
        Scope::Review,
        &[bind(NONE, Key::Escape, || {
            Command::Review(ReviewCommand::Clear)
        })],
    ),
    row(
        "Ctrl+Z / Ctrl+Shift+Z (review)",
        "undo / redo a decision",
        Scope::Review,
        &[
            bind(CTRL, Key::Z, || Command::Review(ReviewCommand::Undo)),
            bind(CTRL_SHIFT, Key::Z, || Command::Review(ReviewCommand::Redo)),
            bind(CTRL, Key::Y, || Command::Review(ReviewCommand::Redo)),
        ],
    ),
    row(
        "F1",
        "show these shortcuts",
        Scope::Both,
        &[bind(NONE, Key::F1, || Command::ToggleShortcuts)],
    ),
];

/// The shortcut table as the README prints it (a Markdown table).
pub fn shortcuts_markdown() -> String {
    let mut out = String::from("| keys | what they do |\n| --- | --- |\n");
    for s in SHORTCUTS {
        out.push_str(&format!("| {} | {} |\n", s.keys, s.does));
    }
    out
}

/// The keys in words of the first row that sends `command`, for a menu item.
pub fn shortcut_text(command: &Command) -> Option<String> {
    SHORTCUTS.iter().find_map(|s| {
        s.bindings
            .iter()
            .find(|b| (b.command)() == *command)
            .map(|b| {
                let mut words = String::new();
                if b.modifiers.command || b.modifiers.ctrl {
                    words.push_str("Ctrl+");
                }
                if b.modifiers.shift {
                    words.push_str("Shift+");
                }
                if b.modifiers.alt {
                    words.push_str("Alt+");
                }
                words.push_str(key_name(b.key));
                words
            })
    })
}

/// A key's name in words (the bundled fonts have no arrow glyphs).
fn key_name(key: Key) -> &'static str {
    match key {
        Key::ArrowLeft => "Left",
        Key::ArrowRight => "Right",
        Key::ArrowUp => "Up",
        Key::ArrowDown => "Down",
        Key::PageUp => "PageUp",
        Key::PageDown => "PageDown",
        other => other.name(),
    }
}

/// What the keyboard may do this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMode {
    /// Annotating.
    Annotate,
    /// Reviewing; `drawing` when text or a gold span is selected (label keys then tag,
    /// digits do not take versions).
    Review {
        /// Text or a gold span is selected.
        drawing: bool,
    },
}

/// Commands for the keys pressed this frame, in the order they were pressed, consuming
/// them (so egui does not also move focus with Tab). Every press counts: ten Right
/// presses in one frame move ten words. Call only when no text field has the keyboard.
pub fn commands_from_keys(ctx: &egui::Context, schema: &Schema, mode: KeyMode) -> Vec<Command> {
    ctx.input_mut(|input| commands_from_events(&mut input.events, schema, mode))
}

/// [`commands_from_keys`] over a list of events: the ones turned into commands are
/// removed from it.
pub fn commands_from_events(
    events: &mut Vec<egui::Event>,
    schema: &Schema,
    mode: KeyMode,
) -> Vec<Command> {
    let reviewing = matches!(mode, KeyMode::Review { .. });
    let mut out = Vec::new();
    events.retain(|event| match event {
        egui::Event::Key {
            key,
            modifiers,
            pressed: true,
            ..
        } => match binding_for(*key, *modifiers, reviewing) {
            Some(binding) => {
                out.push((binding.command)());
                false
            }
            None => true,
        },
        egui::Event::Text(text) => {
            let mut chars = text.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return true;
            };
            match text_command(c, schema, mode) {
                Some(command) => {
                    out.push(command);
                    false
                }
                // N, P and X arrive as text too, and so does Shift+A: their key events
                // did the work.
                None => {
                    !((reviewing && matches!(c.to_ascii_lowercase(), 'n' | 'p' | 'x'))
                        || c == 'A'
                        || (!reviewing && matches!(c, 'x' | 'X')))
                }
            }
        }
        _ => true,
    });
    out
}

/// The binding of `key` with `modifiers` in this mode, if any.
fn binding_for(key: Key, modifiers: Modifiers, reviewing: bool) -> Option<&'static Binding> {
    SHORTCUTS
        .iter()
        .filter(|s| match s.scope {
            Scope::Both => true,
            Scope::Annotate => !reviewing,
            Scope::Review => reviewing,
        })
        .flat_map(|s| s.bindings)
        .find(|b| b.key == key && modifiers.matches_exact(b.modifiers))
}

/// What a typed character does: a label key tags; in review mode with nothing
/// selected, a digit takes that annotator's version.
fn text_command(c: char, schema: &Schema, mode: KeyMode) -> Option<Command> {
    match mode {
        KeyMode::Review { drawing: false } => c
            .to_digit(10)
            .filter(|&d| d >= 1)
            .map(|d| Command::Review(ReviewCommand::Accept(d as usize - 1))),
        KeyMode::Review { drawing: true } => schema
            .by_key(c)
            .map(|def| Command::Review(ReviewCommand::Tag(def.name.clone()))),
        KeyMode::Annotate => schema
            .by_key(c)
            .map(|def| Command::Edit(EditCommand::Tag(def.name.clone()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::RESERVED_KEYS;

    fn key(key: Key, modifiers: Modifiers) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    fn annotate(events: Vec<egui::Event>) -> Vec<Command> {
        let mut events = events;
        commands_from_events(&mut events, &Schema::default(), KeyMode::Annotate)
    }

    const CTRL_EVENT: Modifiers = Modifiers {
        ctrl: true,
        command: true,
        ..Modifiers::NONE
    };

    #[test]
    fn keys_become_commands() {
        assert_eq!(
            annotate(vec![key(Key::Enter, CTRL_EVENT)]),
            [Command::DoneAndNext]
        );
        assert_eq!(
            annotate(vec![key(Key::Z, CTRL_EVENT)]),
            [edit(EditCommand::Undo)]
        );
        assert_eq!(
            annotate(vec![key(Key::Z, CTRL_EVENT | Modifiers::SHIFT)]),
            [edit(EditCommand::Redo)]
        );
        assert_eq!(
            annotate(vec![key(
                Key::ArrowRight,
                Modifiers::SHIFT | Modifiers::ALT
            )]),
            [edit(EditCommand::NudgeSpan {
                edge: Edge::End,
                forward: true
            })]
        );
        assert_eq!(
            annotate(vec![egui::Event::Text("2".into())]),
            [edit(EditCommand::Tag(Label::new("location")))]
        );
        assert_eq!(annotate(vec![egui::Event::Text("x".into())]), []);
    }

    #[test]
    fn every_press_counts_in_the_order_it_came() {
        let right = key(Key::ArrowRight, Modifiers::NONE);
        let ten = annotate(vec![right.clone(); 10]);
        assert_eq!(ten.len(), 10);
        let commands = annotate(vec![
            key(Key::ArrowRight, Modifiers::SHIFT),
            egui::Event::Text("3".into()),
            right,
        ]);
        assert_eq!(
            commands,
            [
                edit(EditCommand::MoveCaret {
                    forward: true,
                    extend: true
                }),
                edit(EditCommand::Tag(Label::new("event"))),
                edit(EditCommand::MoveCaret {
                    forward: true,
                    extend: false
                }),
            ]
        );
    }

    #[test]
    fn review_keys_take_versions_and_step() {
        let mut events = vec![
            key(Key::N, Modifiers::NONE),
            egui::Event::Text("n".into()),
            egui::Event::Text("2".into()),
            key(Key::Z, CTRL_EVENT),
            key(Key::ArrowRight, Modifiers::NONE),
        ];
        let commands = commands_from_events(
            &mut events,
            &Schema::default(),
            KeyMode::Review { drawing: false },
        );
        assert_eq!(
            commands,
            [
                Command::Review(ReviewCommand::Step { forward: true }),
                Command::Review(ReviewCommand::Accept(1)),
                Command::Review(ReviewCommand::Undo),
            ]
        );
        // The arrow does not edit the annotator's own file in review mode: left to egui.
        assert_eq!(events.len(), 1);
    }

    #[test]
    fn no_two_bindings_share_keys_and_unmodified_letters_are_reserved() {
        for scope in [false, true] {
            let bindings: Vec<&Binding> = SHORTCUTS
                .iter()
                .filter(|s| match s.scope {
                    Scope::Both => true,
                    Scope::Annotate => !scope,
                    Scope::Review => scope,
                })
                .flat_map(|s| s.bindings)
                .collect();
            for (i, a) in bindings.iter().enumerate() {
                for b in &bindings[i + 1..] {
                    assert!(
                        !(a.key == b.key && a.modifiers == b.modifiers),
                        "{:?} {:?} is bound twice",
                        a.modifiers,
                        a.key
                    );
                }
            }
        }
        for binding in SHORTCUTS.iter().flat_map(|s| s.bindings) {
            if binding.modifiers == Modifiers::NONE
                && let Some(c) = match binding.key {
                    Key::Space => Some(' '),
                    Key::Tab => Some('\t'),
                    k if k.name().len() == 1 => k.name().chars().next(),
                    _ => None,
                }
            {
                assert!(
                    RESERVED_KEYS.contains(&c.to_ascii_lowercase()),
                    "{c:?} is read without a modifier but a label could take it"
                );
            }
        }
    }

    #[test]
    fn menus_name_their_shortcut_in_words() {
        assert_eq!(
            shortcut_text(&Command::OpenFolderDialog).as_deref(),
            Some("Ctrl+Shift+O")
        );
        assert_eq!(
            shortcut_text(&edit(EditCommand::Undo)).as_deref(),
            Some("Ctrl+Z")
        );
        assert_eq!(shortcut_text(&Command::ShowExport), None);
    }
}
