//! The sources of suggestions, built once for a corpus and asked for each text: the
//! corpus dictionary (every name tagged in the corpus, with its most frequent label) and
//! the gazetteers (`gazetteers/*.tsv`). Each is one Aho-Corasick automaton, so a text is
//! scanned once per source however many names there are.

use std::collections::HashMap;

use rayon::prelude::*;

use super::suggest::{SuggestError, majority};
use crate::io::gazetteer::read_gazetteers;
use crate::io::ron_format::read_annotation_without_warnings;
use crate::io::store::Corpus;
use crate::model::{DictionaryFrom, Label, Origin, Schema, Span, Status, Suggestion};
use crate::review::gold::GOLD_ANNOTATOR;
use crate::text::dictionary::Dictionary;

/// The sources asked, each with its automaton, in the order asked.
#[derive(Debug, Default)]
pub struct Suggester {
    sources: Vec<(Origin, Dictionary)>,
}

/// A suggester and what was said while building it.
#[derive(Debug, Default)]
pub struct Built {
    /// The suggester.
    pub suggester: Suggester,
    /// Gazetteer lines skipped, gazetteer files that do not read: one line each.
    pub warnings: Vec<String>,
    /// Annotation files the dictionary could not read, so left out of it: one line each.
    pub left_out: Vec<String>,
    /// Sources that have nothing (no gazetteer file, an empty dictionary): one line each.
    pub empty: Vec<String>,
}

impl Suggester {
    /// Builds `sources` (dictionary and gazetteer; others are refused) for the corpus at
    /// `corpus`, the dictionary learning from the files `schema.suggestions` says.
    pub fn build(
        corpus: &Corpus,
        schema: &Schema,
        sources: &[Origin],
    ) -> Result<Built, SuggestError> {
        let mut built = Built::default();
        for &source in sources {
            let dictionary = match source {
                Origin::Dictionary => {
                    let from = schema.suggestions.dictionary_from;
                    let (entries, left_out) = corpus_names(corpus, from);
                    built.left_out.extend(left_out);
                    if entries.is_empty() {
                        built.empty.push(format!(
                            "the corpus dictionary is empty: no span in {}",
                            match from {
                                DictionaryFrom::All => "any annotation file",
                                DictionaryFrom::Gold => "a gold file",
                                DictionaryFrom::Done => "a gold file or a file marked done",
                            }
                        ));
                    }
                    Dictionary::new(entries)
                }
                Origin::Gazetteer => {
                    let gazetteers = read_gazetteers(corpus, schema)?;
                    if gazetteers.files.is_empty() {
                        built.empty.push(
                            "gazetteers/: no .tsv file here, so the gazetteer suggests nothing"
                                .to_owned(),
                        );
                    }
                    built
                        .warnings
                        .extend(gazetteers.diagnostics.iter().map(ToString::to_string));
                    Dictionary::new(gazetteers.entries)
                }
                other => return Err(SuggestError::NotASource(other)),
            };
            built.suggester.sources.push((source, dictionary));
        }
        Ok(built)
    }

    /// A suggester of ready dictionaries (for tests and benchmarks).
    pub fn from_dictionaries(sources: Vec<(Origin, Dictionary)>) -> Self {
        Self { sources }
    }

    /// How many names each source has.
    pub fn entries(&self) -> Vec<(Origin, usize)> {
        self.sources.iter().map(|(o, d)| (*o, d.len())).collect()
    }

    /// Whether no source has a name.
    pub fn is_empty(&self) -> bool {
        self.sources.iter().all(|(_, d)| d.is_empty())
    }

    /// What the sources suggest in `text`, sorted by span. Where two sources suggest the
    /// same range, the first asked wins, whatever the label.
    pub fn suggest(&self, text: &str) -> Vec<Suggestion> {
        let mut by_range: HashMap<(usize, usize), Suggestion> = HashMap::new();
        for (source, dictionary) in &self.sources {
            for found in dictionary.find(text) {
                let key = (found.chars.start, found.chars.end);
                by_range.entry(key).or_insert_with(|| {
                    Suggestion::new(
                        Span::new(found.chars.start, found.chars.end, found.label),
                        *source,
                    )
                });
            }
        }
        let mut list: Vec<Suggestion> = by_range.into_values().collect();
        list.sort();
        list
    }
}

/// Every name tagged in the corpus's files that `from` allows, with its most frequent
/// label (a tie gives no entry: the corpus has not decided); and the files left out.
fn corpus_names(corpus: &Corpus, from: DictionaryFrom) -> (Vec<(String, Label)>, Vec<String>) {
    let mut warnings = Vec::new();
    let files = match corpus.annotation_files_and_skips() {
        Ok((files, skips)) => {
            warnings.extend(skips.iter().map(ToString::to_string));
            files
        }
        Err(e) => {
            warnings.push(format!("{e}: the corpus dictionary is empty"));
            return (Vec::new(), warnings);
        }
    };
    let is_gold = |p: &std::path::Path| p.file_stem().is_some_and(|s| s == GOLD_ANNOTATOR);
    let files: Vec<_> = files
        .into_iter()
        .filter(|p| from != DictionaryFrom::Gold || is_gold(p))
        .collect();
    let read: Vec<Result<Vec<(String, Label)>, String>> = files
        .par_iter()
        .map(|path| {
            let a = read_annotation_without_warnings(path)
                .map_err(|e| format!("{e}: left out of the corpus dictionary"))?;
            if from == DictionaryFrom::Done && !is_gold(path) && a.status != Status::Done {
                return Ok(Vec::new());
            }
            Ok(a.spans()
                .iter()
                .map(|s| (a.span_text(s).to_owned(), s.label.clone()))
                .collect())
        })
        .collect();
    let mut counts: HashMap<String, HashMap<Label, usize>> = HashMap::new();
    for result in read {
        match result {
            Ok(names) => {
                for (name, label) in names {
                    *counts.entry(name).or_default().entry(label).or_default() += 1;
                }
            }
            Err(warning) => warnings.push(warning),
        }
    }
    let mut entries: Vec<(String, Label)> = counts
        .into_iter()
        .filter_map(|(name, labels)| {
            let refs: HashMap<&Label, usize> = labels.iter().map(|(l, n)| (l, *n)).collect();
            majority(&refs, None).map(|label| (name, label))
        })
        .collect();
    // The automaton's order does not change what is found, but a stable order keeps
    // runs identical.
    entries.sort();
    (entries, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_source_wins_a_range_and_the_list_is_sorted() {
        let dictionary = Dictionary::new(vec![
            ("Homs".into(), Label::new("location")),
            ("Free Syrian Army".into(), Label::new("actor")),
        ]);
        let gazetteer = Dictionary::new(vec![
            ("Homs".into(), Label::new("actor")),
            ("Hama".into(), Label::new("location")),
        ]);
        let suggester = Suggester::from_dictionaries(vec![
            (Origin::Dictionary, dictionary),
            (Origin::Gazetteer, gazetteer),
        ]);
        let got: Vec<(usize, usize, Origin)> = suggester
            .suggest("Hama and Homs; the Free Syrian Army.")
            .iter()
            .map(|s| (s.span.start, s.span.end, s.source))
            .collect();
        assert_eq!(
            got,
            [
                (0, 4, Origin::Gazetteer),
                (9, 13, Origin::Dictionary),
                (19, 35, Origin::Dictionary),
            ]
        );
        let homs = &suggester.suggest("Homs")[0];
        assert_eq!(homs.span.label.as_str(), "location");
        assert_eq!(
            suggester.entries(),
            [(Origin::Dictionary, 2), (Origin::Gazetteer, 2)]
        );
    }
}
