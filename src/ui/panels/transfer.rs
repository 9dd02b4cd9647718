//! File → Export… and File → Import…: the same options as `spantag export` and
//! `spantag import`, run on the I/O thread, with a progress bar and the summary.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::io::export::split::Split;
use crate::io::export::{ExportOptions, Format, Offsets, Which};
use crate::io::import::{Answer, ImportFormat, ImportOptions};
use crate::jobs::import::LabelSources;
use crate::model::AnnotatorName;
use crate::text::align::AlignMode;
use crate::text::tagging::Scheme;
use crate::text::tokens::Tokenizer;

/// Which annotations the export dialog takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhichChoice {
    /// Gold, else the only annotator.
    GoldOrSingle,
    /// Gold files only.
    Gold,
    /// The current annotator's files.
    Mine,
}

/// A running or finished job: progress counters and, at the end, the summary.
#[derive(Default)]
pub struct JobState {
    /// Documents done.
    pub progress: Arc<AtomicUsize>,
    /// Documents to do.
    pub total: Arc<AtomicUsize>,
    /// Whether it runs.
    pub running: bool,
    /// Its summary lines (Ok) or problems (Err), once finished.
    pub result: Option<Result<Vec<String>, Vec<String>>>,
}

impl JobState {
    /// The job starts: no result, no progress yet.
    pub fn start(&mut self) {
        self.running = true;
        self.result = None;
        self.progress.store(0, Ordering::Relaxed);
    }
}

/// The export dialog's form.
pub struct ExportForm {
    /// The options being edited.
    pub options: ExportOptions,
    /// Which annotations.
    pub which: WhichChoice,
    /// Where to write, as typed or chosen.
    pub out: String,
    /// Split the documents into parts (`--split`).
    pub split: bool,
    /// The parts, as `--split` takes them: `train=0.8,dev=0.1,test=0.1`.
    pub split_spec: String,
    /// The seed of the split (`--seed`), as typed.
    pub seed: String,
    /// The job.
    pub job: JobState,
}

/// The import dialog's form.
pub struct ImportForm {
    /// The input format.
    pub format: ImportFormat,
    /// The file or folder to read, as typed or chosen.
    pub input: String,
    /// Whose annotations they become.
    pub annotator: String,
    /// Mark them done.
    pub done: bool,
    /// Replace existing files.
    pub force: bool,
    /// doccano offsets.
    pub offsets: Offsets,
    /// CoNLL scheme; `None` guesses.
    pub scheme: Option<Scheme>,
    /// Label renames as typed: `OLD=NEW` pairs separated by commas (`--label-map`).
    pub label_map: String,
    /// A file of `OLD=NEW` lines, typed or chosen (`--label-map FILE`); its renames come
    /// before the typed ones, which win.
    pub label_map_file: String,
    /// doccano's label ids file, typed or chosen (`--label-ids`).
    pub label_ids: String,
    /// The Prodigy answers imported (`--answers`).
    pub answers: BTreeSet<Answer>,
    /// The spaCy span group to read; empty reads every group (`--span-group`).
    pub span_group: String,
    /// Top-level keys not to read, separated by commas (`--ignore-key`).
    pub ignore_keys: String,
    /// Map ids that are not valid document ids instead of refusing them (`--sanitize-ids`).
    pub sanitize_ids: bool,
    /// The job.
    pub job: JobState,
}

/// What a dialog asks the app to do.
pub enum TransferRequest {
    /// Ask where to write (a file or a folder, as the format needs).
    ChooseOutput,
    /// Ask for the input file (or brat folder).
    ChooseInput,
    /// Ask for the import's label-map file.
    ChooseLabelMap,
    /// Ask for the import's label-ids file.
    ChooseLabelIds,
    /// Run the export.
    Export,
    /// Run the import.
    Import,
    /// Close the dialog.
    Close,
}

impl ExportForm {
    /// A form with the CLI's defaults.
    pub fn new() -> Self {
        Self {
            options: ExportOptions::new(Format::Jsonl),
            which: WhichChoice::GoldOrSingle,
            out: String::new(),
            split: false,
            split_spec: "train=0.8,dev=0.1,test=0.1".to_owned(),
            seed: "0".to_owned(),
            job: JobState::default(),
        }
    }

    /// The split asked for: `Ok(None)` without one, or why the parts or the seed are
    /// refused, in the CLI's words.
    pub fn split(&self) -> Result<Option<Split>, String> {
        if !self.split {
            return Ok(None);
        }
        let seed: u64 = self
            .seed
            .trim()
            .parse()
            .map_err(|_| format!("--seed: \"{}\" is not a whole number", self.seed.trim()))?;
        Split::parse(&self.split_spec, seed)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    /// The options to run with, `Which` resolved for `annotator`; a split that does not
    /// read is left out (the dialog does not export then).
    pub fn resolved(&self, annotator: Option<&AnnotatorName>) -> ExportOptions {
        let mut options = self.options.clone();
        options.split = self.split().ok().flatten();
        // The other formats write a row per document whatever the box says.
        options.sentences &= matches!(options.format, Format::Hf | Format::Jsonl);
        options.which = match (self.which, annotator) {
            (WhichChoice::Gold, _) => Which::Gold,
            (WhichChoice::Mine, Some(name)) => Which::Annotator(name.clone()),
            _ => Which::Default,
        };
        options
    }
}

impl Default for ExportForm {
    fn default() -> Self {
        Self::new()
    }
}

impl ImportForm {
    /// A form for `annotator`.
    pub fn new(annotator: Option<&AnnotatorName>) -> Self {
        Self {
            format: ImportFormat::Brat,
            input: String::new(),
            annotator: annotator.map_or_else(String::new, ToString::to_string),
            done: false,
            force: false,
            offsets: Offsets::CodePoint,
            scheme: None,
            label_map: String::new(),
            label_map_file: String::new(),
            label_ids: String::new(),
            answers: BTreeSet::from([Answer::Accept]),
            span_group: String::new(),
            ignore_keys: String::new(),
            sanitize_ids: false,
            job: JobState::default(),
        }
    }

    /// The read options, as `spantag import` builds them from the flags this format's
    /// rows stand for (rows of other formats, hidden, count for nothing). Label renames
    /// and ids come from files: see [`ImportForm::label_sources`].
    pub fn options(&self) -> ImportOptions {
        let format = self.format;
        let json = matches!(format, ImportFormat::Doccano | ImportFormat::Jsonl);
        let mut options = ImportOptions::new(format);
        if json {
            options.offsets = self.offsets;
            options.ignore_keys = list(&self.ignore_keys).map(str::to_owned).collect();
        }
        if format == ImportFormat::Conll {
            options.scheme = self.scheme;
        }
        if format == ImportFormat::Jsonl {
            options.answers.clone_from(&self.answers);
            let group = self.span_group.trim();
            options.span_group = (!group.is_empty()).then(|| group.to_owned());
        }
        if format != ImportFormat::Brat {
            options.sanitize_ids = self.sanitize_ids;
        }
        options
    }

    /// The label renames and ids to read into [`ImportForm::options`], as the CLI's
    /// `--label-map FILE --label-map OLD=NEW … --label-ids FILE`.
    pub fn label_sources(&self) -> LabelSources {
        let file = self.label_map_file.trim();
        let label_ids = self.label_ids.trim();
        LabelSources {
            label_map: (!file.is_empty())
                .then(|| file.to_owned())
                .into_iter()
                // A typed item without `=` would name a file: only pairs are typed.
                .chain(
                    list(&self.label_map)
                        .filter(|p| p.contains('='))
                        .map(str::to_owned),
                )
                .collect(),
            label_ids: (self.format == ImportFormat::Doccano && !label_ids.is_empty())
                .then(|| PathBuf::from(label_ids)),
        }
    }

    /// Typed items without `=` in the label map: the dialog says they are not pairs.
    fn stray_label_map_items(&self) -> Vec<&str> {
        list(&self.label_map).filter(|p| !p.contains('=')).collect()
    }
}

/// The items of a comma-separated list, trimmed, empty ones left out.
fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

fn result_ui(ui: &mut egui::Ui, job: &JobState) {
    if job.running {
        let total = job.total.load(Ordering::Relaxed).max(1);
        let done = job.progress.load(Ordering::Relaxed);
        ui.add(
            egui::ProgressBar::new(done as f32 / total as f32)
                .text(format!("{done} of {total} documents")),
        );
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    if let Some(result) = &job.result {
        let (lines, color) = match result {
            Ok(lines) => (lines, ui.visuals().text_color()),
            Err(lines) => (lines, ui.visuals().error_fg_color),
        };
        egui::ScrollArea::vertical()
            .id_salt("transfer_result")
            // Tall enough for a few lines even when the window was sized for fewer.
            .min_scrolled_height(120.0)
            .max_height(260.0)
            .show(ui, |ui| {
                for line in lines {
                    ui.colored_label(color, egui::RichText::new(line).monospace());
                }
            });
    }
}

/// A dialog window placed below the menu bar, as both dialogs are.
fn dialog<'a>(title: &str, open: &'a mut bool, ctx: &egui::Context) -> egui::Window<'a> {
    egui::Window::new(title.to_owned())
        .open(open)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 90.0))
        .resizable(true)
        .default_width(560.0)
}

/// A grid row with a path typed or chosen: returns whether "Choose…" was clicked.
fn path_row(ui: &mut egui::Ui, title: &str, path: &mut String, folder: bool) -> bool {
    let label = ui.label(title);
    let mut choose = false;
    ui.horizontal(|ui| {
        let hint = if folder { "a folder" } else { "a file" };
        ui.add(
            egui::TextEdit::singleline(path)
                .hint_text(hint)
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        choose = ui.button("Choose…").clicked();
    });
    ui.end_row();
    choose
}

/// A grid row choosing the offset unit of JSON files (doccano's, and JSONL on import).
fn offsets_row(ui: &mut egui::Ui, offsets: &mut Offsets) {
    ui.label("Offsets")
        .on_hover_text("--offsets: how the file counts characters");
    ui.horizontal(|ui| {
        ui.radio_value(offsets, Offsets::CodePoint, "code points (Python)");
        ui.radio_value(offsets, Offsets::Utf16, "UTF-16 (JavaScript)");
    });
    ui.end_row();
}

/// A grid row with a one-line text field; the flag it stands for shows on hover.
fn text_row(ui: &mut egui::Ui, title: &str, flag: &str, text: &mut String, hint: &str) {
    let label = ui.label(title).on_hover_text(flag);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(320.0),
    )
    .labelled_by(label.id)
    .on_hover_text(flag);
    ui.end_row();
}

/// A grid row with a file typed or chosen with the button `choose`; the flag it stands
/// for shows on hover. Returns whether the button was clicked.
fn file_row(ui: &mut egui::Ui, title: &str, flag: &str, path: &mut String, choose: &str) -> bool {
    let label = ui.label(title).on_hover_text(flag);
    let mut clicked = false;
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(path)
                .hint_text("none")
                .desired_width(320.0),
        )
        .labelled_by(label.id)
        .on_hover_text(flag);
        clicked = ui.button(choose).clicked();
    });
    ui.end_row();
    clicked
}

/// The export dialog. Returns what the user asked for.
pub fn export_ui(ctx: &egui::Context, form: &mut ExportForm) -> Option<TransferRequest> {
    let mut request = None;
    let mut open = true;
    dialog("Export for training", &mut open, ctx).show(ctx, |ui| {
        let o = &mut form.options;
        egui::Grid::new("export_form")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Format");
                ui.horizontal(|ui| {
                    for (format, name) in [
                        (Format::Jsonl, "JSONL"),
                        (Format::Conll, "CoNLL"),
                        (Format::Hf, "Hugging Face"),
                        (Format::Brat, "brat"),
                        (Format::Doccano, "doccano"),
                        (Format::Spacy, "spaCy"),
                    ] {
                        ui.radio_value(&mut o.format, format, name);
                    }
                });
                ui.end_row();
                ui.label("Annotations");
                ui.horizontal(|ui| {
                    ui.radio_value(
                        &mut form.which,
                        WhichChoice::GoldOrSingle,
                        "gold, else the only annotator",
                    );
                    ui.radio_value(&mut form.which, WhichChoice::Gold, "gold only");
                    ui.radio_value(&mut form.which, WhichChoice::Mine, "mine");
                });
                ui.end_row();
                ui.label("");
                ui.checkbox(&mut o.done_only, "only documents marked done");
                ui.end_row();
                ui.label("");
                ui.checkbox(
                    &mut o.allow_unknown_labels,
                    "also labels outside the schema (refused otherwise)",
                );
                ui.end_row();
                if form.which != WhichChoice::Mine {
                    ui.label("");
                    ui.checkbox(
                        &mut o.gold_incomplete,
                        "also gold with undecided places (skipped otherwise)",
                    );
                    ui.end_row();
                }
                // spaCy's DocBin holds entities, not tags.
                if o.format.is_token_based() && o.format != Format::Spacy {
                    ui.label("Tags");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut o.scheme, Scheme::Iob2, "IOB2");
                        ui.radio_value(&mut o.scheme, Scheme::Iob1, "IOB1");
                        ui.radio_value(&mut o.scheme, Scheme::Bilou, "BILOU");
                    });
                    ui.end_row();
                }
                if matches!(o.format, Format::Hf | Format::Jsonl) {
                    ui.label("");
                    ui.checkbox(&mut o.sentences, "one row per sentence");
                    ui.end_row();
                }
                if o.format.is_token_based() || (o.format == Format::Jsonl && o.sentences) {
                    ui.label("Tokens");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut o.tokenizer, Tokenizer::Unicode, "Unicode words");
                        ui.radio_value(&mut o.tokenizer, Tokenizer::Whitespace, "white space");
                    });
                    ui.end_row();
                }
                if o.format.is_token_based() {
                    ui.label("Partial tokens");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut o.align, AlignMode::Expand, "expand");
                        ui.radio_value(&mut o.align, AlignMode::Contract, "contract");
                        ui.radio_value(&mut o.align, AlignMode::Strict, "drop");
                    });
                    ui.end_row();
                }
                if o.format == Format::Conll {
                    ui.label("");
                    ui.checkbox(&mut o.docstart, "-DOCSTART- before each document");
                    ui.end_row();
                }
                if o.format == Format::Doccano {
                    offsets_row(ui, &mut o.offsets);
                }
                ui.label("");
                ui.checkbox(&mut form.split, "split by document into parts");
                ui.end_row();
                if form.split {
                    let label = ui.label("Parts");
                    ui.add(egui::TextEdit::singleline(&mut form.split_spec).desired_width(240.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Seed");
                    ui.add(egui::TextEdit::singleline(&mut form.seed).desired_width(80.0))
                        .labelled_by(label.id);
                    ui.end_row();
                }
                if path_row(ui, "Destination", &mut form.out, o.format.writes_folder()) {
                    request = Some(TransferRequest::ChooseOutput);
                }
            });
        let split = form.split();
        if let Err(e) = &split {
            ui.colored_label(ui.visuals().error_fg_color, e);
        } else if form.split {
            let where_ = if form.options.format.writes_folder() {
                "a folder per part inside the destination"
            } else {
                "<name>.<part>.<ext> beside the destination"
            };
            ui.label(format!("Each part is written as {where_}."));
        }
        ui.separator();
        let ready = !form.out.trim().is_empty() && !form.job.running && split.is_ok();
        if ui.add_enabled(ready, egui::Button::new("Export")).clicked() {
            request = Some(TransferRequest::Export);
        }
        result_ui(ui, &form.job);
    });
    if !open {
        request = Some(TransferRequest::Close);
    }
    request
}

/// The import dialog. Returns what the user asked for.
pub fn import_ui(ctx: &egui::Context, form: &mut ImportForm) -> Option<TransferRequest> {
    let mut request = None;
    let mut open = true;
    dialog("Import from another tool", &mut open, ctx).show(ctx, |ui| {
        egui::Grid::new("import_form")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Format");
                ui.horizontal(|ui| {
                    for (format, name) in [
                        (ImportFormat::Brat, "brat"),
                        (ImportFormat::Doccano, "doccano"),
                        (ImportFormat::Conll, "CoNLL"),
                        (ImportFormat::Jsonl, "JSONL"),
                    ] {
                        ui.radio_value(&mut form.format, format, name);
                    }
                });
                ui.end_row();
                if path_row(
                    ui,
                    "Input",
                    &mut form.input,
                    form.format == ImportFormat::Brat,
                ) {
                    request = Some(TransferRequest::ChooseInput);
                }
                let label = ui.label("As annotator");
                ui.add(egui::TextEdit::singleline(&mut form.annotator).desired_width(160.0))
                    .labelled_by(label.id);
                ui.end_row();
                let json = matches!(form.format, ImportFormat::Doccano | ImportFormat::Jsonl);
                if json {
                    offsets_row(ui, &mut form.offsets);
                }
                if form.format == ImportFormat::Jsonl {
                    ui.label("Answers").on_hover_text(
                        "--answers: which Prodigy answers to import; lines with the others \
                         are skipped and counted",
                    );
                    ui.horizontal(|ui| {
                        for answer in [Answer::Accept, Answer::Reject, Answer::Ignore] {
                            let mut on = form.answers.contains(&answer);
                            if ui.checkbox(&mut on, answer.as_str()).changed() {
                                if on {
                                    form.answers.insert(answer);
                                } else {
                                    form.answers.remove(&answer);
                                }
                            }
                        }
                    });
                    ui.end_row();
                    text_row(
                        ui,
                        "Span group",
                        "--span-group NAME: read only this group of a spaCy \"spans\" dict",
                        &mut form.span_group,
                        "every group",
                    );
                }
                if form.format == ImportFormat::Doccano
                    && file_row(
                        ui,
                        "Label ids",
                        "--label-ids FILE: doccano's label export, or ID=NAME lines, for \
                         its older \"annotations\" layout",
                        &mut form.label_ids,
                        "Choose ids…",
                    )
                {
                    request = Some(TransferRequest::ChooseLabelIds);
                }
                if json {
                    text_row(
                        ui,
                        "Ignore keys",
                        "--ignore-key KEY: do not read these top-level keys; their items \
                         are counted in the summary",
                        &mut form.ignore_keys,
                        "KEY, …",
                    );
                }
                text_row(
                    ui,
                    "Rename labels",
                    "--label-map OLD=NEW: rename labels on the way in; a label has no \
                     spaces or control characters",
                    &mut form.label_map,
                    "OLD=NEW, …",
                );
                if file_row(
                    ui,
                    "Renames file",
                    "--label-map FILE: a file of OLD=NEW lines, read before the renames \
                     typed above (which win)",
                    &mut form.label_map_file,
                    "Choose map…",
                ) {
                    request = Some(TransferRequest::ChooseLabelMap);
                }
                if form.format != ImportFormat::Brat {
                    ui.label("");
                    ui.checkbox(
                        &mut form.sanitize_ids,
                        "map ids that are not [A-Za-z0-9._-]",
                    )
                    .on_hover_text(
                        "--sanitize-ids: \"Zürich report\" becomes \"Zurich-report\", \
                             each reported; refused otherwise",
                    );
                    ui.end_row();
                }
                if form.format == ImportFormat::Conll {
                    ui.label("Tags");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut form.scheme, None, "guess");
                        ui.radio_value(&mut form.scheme, Some(Scheme::Iob2), "IOB2");
                        ui.radio_value(&mut form.scheme, Some(Scheme::Iob1), "IOB1");
                        ui.radio_value(&mut form.scheme, Some(Scheme::Bilou), "BILOU");
                    });
                    ui.end_row();
                }
                ui.label("");
                ui.checkbox(&mut form.done, "mark the documents done");
                ui.end_row();
                ui.label("");
                ui.checkbox(&mut form.force, "Replace existing files");
                ui.end_row();
            });
        let name = AnnotatorName::person(form.annotator.trim());
        if let (Err(e), false) = (&name, form.annotator.is_empty()) {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
        }
        let stray = form.stray_label_map_items();
        if !stray.is_empty() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "not OLD=NEW: {} (a file of renames goes in \"Renames file\")",
                    stray.join(", ")
                ),
            );
        }
        let no_answer = form.format == ImportFormat::Jsonl && form.answers.is_empty();
        if no_answer {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "tick at least one answer to import",
            );
        }
        ui.separator();
        let ready = !form.input.trim().is_empty()
            && name.is_ok()
            && stray.is_empty()
            && !no_answer
            && !form.job.running;
        if ui.add_enabled(ready, egui::Button::new("Import")).clicked() {
            request = Some(TransferRequest::Import);
        }
        result_ui(ui, &form.job);
    });
    if !open {
        request = Some(TransferRequest::Close);
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_form_builds_what_the_cli_builds_for_its_format() {
        let mut form = ImportForm::new(None);
        form.format = ImportFormat::Jsonl;
        form.offsets = Offsets::Utf16;
        form.answers.insert(Answer::Reject);
        form.span_group = " sc ".into();
        form.ignore_keys = "entities_v2, ,meta_x".into();
        form.label_map = "Company Name=organisation, =actor".into();
        form.label_map_file = "map.txt".into();
        form.label_ids = "ids.json".into();
        form.sanitize_ids = true;
        form.scheme = Some(Scheme::Iob1);
        // `--offsets utf16 --answers accept,reject --span-group sc --ignore-key
        // entities_v2 --ignore-key meta_x --sanitize-ids`; no scheme, no label ids (not
        // rows of JSONL).
        assert_eq!(
            form.options(),
            ImportOptions {
                offsets: Offsets::Utf16,
                answers: BTreeSet::from([Answer::Accept, Answer::Reject]),
                span_group: Some("sc".into()),
                ignore_keys: BTreeSet::from(["entities_v2".into(), "meta_x".into()]),
                sanitize_ids: true,
                ..ImportOptions::new(ImportFormat::Jsonl)
            }
        );
        // `--label-map map.txt --label-map 'Company Name=organisation' --label-map =actor`.
        assert_eq!(
            form.label_sources(),
            LabelSources {
                label_map: vec![
                    "map.txt".into(),
                    "Company Name=organisation".into(),
                    "=actor".into()
                ],
                label_ids: None,
            }
        );
        form.format = ImportFormat::Doccano;
        assert_eq!(
            form.label_sources().label_ids,
            Some(PathBuf::from("ids.json"))
        );
        let doccano = form.options();
        assert_eq!(doccano.answers, BTreeSet::from([Answer::Accept]));
        assert_eq!(doccano.span_group, None);
        form.format = ImportFormat::Brat;
        assert_eq!(form.options(), ImportOptions::new(ImportFormat::Brat));
        form.label_map = "Company Name".into();
        assert_eq!(form.stray_label_map_items(), ["Company Name"]);
    }
}
