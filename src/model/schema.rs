//! The labels a project tags with: name, display name, colour and shortcut key.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{Label, palette};

/// An sRGB colour, written `"#rrggbb"` in files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rgb(pub [u8; 3]);

impl TryFrom<String> for Rgb {
    type Error = String;
    fn try_from(hex: String) -> Result<Self, String> {
        let digits = hex
            .strip_prefix('#')
            .filter(|d| d.len() == 6 && d.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| format!("colour {hex:?} is not of the form \"#rrggbb\""))?;
        let byte = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).unwrap_or(0);
        Ok(Self([byte(0), byte(2), byte(4)]))
    }
}

impl From<Rgb> for String {
    fn from(Rgb([r, g, b]): Rgb) -> String {
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// One label of a schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelDef {
    /// The name written in annotation files, e.g. `actor`.
    pub name: Label,
    /// What the window shows, e.g. `Actor`.
    pub display: String,
    /// The colour spans of this label are drawn in (in the dark theme too, unless
    /// `dark` is given).
    pub color: Rgb,
    /// The colour for the dark theme, when `color` does not read there. Optional in
    /// files: `dark: Some("#rrggbb")`, or `dark: "#rrggbb"` under
    /// `#![enable(implicit_some)]` as `spantag schema init` writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dark: Option<Rgb>,
    /// The key that tags a selection with this label.
    pub key: char,
}

impl LabelDef {
    /// The colour to draw this label in, in the dark theme or the light one.
    pub fn color_for(&self, dark: bool) -> Rgb {
        match self.dark {
            Some(shade) if dark => shade,
            _ => self.color,
        }
    }
}

/// A problem with a schema definition.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SchemaError {
    /// No labels at all.
    #[error("the schema defines no labels")]
    NoLabels,
    /// A label name that cannot appear in exports (empty, whitespace, too long).
    #[error(
        "label name {0:?} is not allowed: use 1 to 50 characters with no spaces or control characters"
    )]
    BadName(String),
    /// Two labels share a name.
    #[error("label {0:?} is defined twice")]
    DuplicateName(String),
    /// Two labels share a key.
    #[error("key {key:?} is given to both {first:?} and {second:?}")]
    DuplicateKey {
        /// The shared key.
        key: char,
        /// The first label with it.
        first: String,
        /// The second label with it.
        second: String,
    },
    /// Every key a label may take is taken.
    #[error(
        "no key is left for label {0:?}: every digit and letter the window leaves free is taken"
    )]
    NoKeyLeft(String),
    /// A label key the window already uses for something else.
    #[error(
        "key {key:?} of label {label:?} is taken by the window (reserved keys: {reserved}); choose another"
    )]
    ReservedKey {
        /// The key.
        key: char,
        /// The label given it.
        label: String,
        /// The reserved keys, for the message.
        reserved: String,
    },
}

/// Keys the window reads without a modifier or with Shift alone (Space scrolls; N, P
/// and X step and reject in review mode, X rejects a suggestion; Tab walks spans;
/// Shift+A accepts every suggestion): a label may not take one, or pressing it would do
/// two things. The window's shortcut table is checked against this list by a test.
pub const RESERVED_KEYS: &[char] = &[' ', '\t', 'n', 'p', 'x', 'N', 'P', 'X', 'A'];

/// The labels of a project, in the order the window lists them.
///
/// ```
/// use spantag::model::Schema;
/// let schema = Schema::default();
/// assert_eq!(schema.by_key('2').map(|l| l.name.as_str()), Some("location"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// The labels, in display order.
    pub labels: Vec<LabelDef>,
    /// Which sources of suggestions the corpus uses (`suggestions: (…)`, optional).
    #[serde(default, skip_serializing_if = "SuggestionSettings::is_default")]
    pub suggestions: SuggestionSettings,
}

/// Which files the corpus dictionary learns names from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DictionaryFrom {
    /// Every annotator's file and the gold.
    #[default]
    All,
    /// Gold files only.
    Gold,
    /// Gold files and files marked done.
    Done,
}

/// The sources of suggestions a corpus uses, as `spantag.ron` says; each can be switched
/// off there (and in the window's View menu, for one user).
///
/// ```ron
/// suggestions: (dictionary: true, dictionary_from: Done, gazetteers: false)
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuggestionSettings {
    /// Suggest the names tagged elsewhere in the corpus, with their most frequent label.
    pub dictionary: bool,
    /// Which files the dictionary learns from.
    pub dictionary_from: DictionaryFrom,
    /// Suggest the names of `gazetteers/*.tsv`.
    pub gazetteers: bool,
    /// An external command that suggests (any model): it runs only once the user has
    /// agreed to this exact command for this corpus.
    pub command: Option<CommandSettings>,
}

/// An external command that suggests spans: it reads `{"id", "text"}` lines on its
/// standard input and writes `{"id", "spans": [{"start", "end", "label", "score"}]}`
/// lines, offsets in code points. It runs in the corpus folder.
///
/// ```ron
/// command: Some((program: "python3", args: ["examples/suggest_spacy.py"], timeout_seconds: 60))
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandSettings {
    /// The program: a name looked up in `PATH`, or a path (relative to the corpus).
    pub program: String,
    /// Its arguments.
    #[serde(default)]
    pub args: Vec<String>,
    /// How long it may take for a batch of documents before it is stopped.
    #[serde(default = "CommandSettings::default_timeout")]
    pub timeout_seconds: u64,
}

impl CommandSettings {
    fn default_timeout() -> u64 {
        60
    }

    /// The command line in words, as the user agrees to it: program and arguments,
    /// each quoted when it holds a space or a quote.
    pub fn command_line(&self) -> String {
        std::iter::once(&self.program)
            .chain(&self.args)
            .map(|word| {
                if word.is_empty() || word.contains([' ', '"', '\'', '\t', '\n']) {
                    format!("{word:?}")
                } else {
                    word.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Default for SuggestionSettings {
    fn default() -> Self {
        Self {
            dictionary: true,
            dictionary_from: DictionaryFrom::All,
            gazetteers: true,
            command: None,
        }
    }
}

impl SuggestionSettings {
    /// The sources of names these settings leave on, dictionary first (the external
    /// command is asked apart, once the user agrees to it).
    pub fn sources_on(&self) -> Vec<crate::model::Origin> {
        use crate::model::Origin;
        let mut on = Vec::new();
        on.extend(self.dictionary.then_some(Origin::Dictionary));
        on.extend(self.gazetteers.then_some(Origin::Gazetteer));
        on
    }

    /// Whether these are the settings a corpus without a `suggestions` block has.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// The settings as written in `spantag.ron`.
    pub fn to_ron(&self) -> String {
        let command = match &self.command {
            None => String::new(),
            Some(c) => {
                let args: Vec<String> = c.args.iter().map(ron_value).collect();
                format!(
                    ", command: Some((program: {}, args: [{}], timeout_seconds: {}))",
                    ron_value(&c.program),
                    args.join(", "),
                    c.timeout_seconds
                )
            }
        };
        format!(
            "suggestions: (dictionary: {}, dictionary_from: {:?}, gazetteers: {}{command})",
            self.dictionary, self.dictionary_from, self.gazetteers
        )
    }
}

impl Default for Schema {
    /// `actor` (key 1), `location` (key 2) and `event` (key 3), in colours that stay
    /// apart for colour-blind readers and on light and dark backgrounds.
    fn default() -> Self {
        let def = |name: &str, display: &str, color: [u8; 3], key| LabelDef {
            name: Label::new(name),
            display: display.to_owned(),
            color: Rgb(color),
            dark: None,
            key,
        };
        Self {
            labels: vec![
                def("actor", "Actor", [0xe6, 0x7e, 0x22], '1'),
                def("location", "Location", [0x2e, 0x86, 0xc1], '2'),
                // Okabe and Ito's reddish purple: the former #8e44ad was 3.9 ΔE from the
                // blue for a tritanope.
                def("event", "Event", [0xcc, 0x79, 0xa7], '3'),
            ],
            suggestions: SuggestionSettings::default(),
        }
    }
}

impl Schema {
    /// Checks that the schema can be used: at least one label, unique names and keys,
    /// names that survive every export format.
    pub fn check(&self) -> Result<(), SchemaError> {
        if self.labels.is_empty() {
            return Err(SchemaError::NoLabels);
        }
        let mut names = HashSet::new();
        for label in &self.labels {
            let name = label.name.as_str();
            Self::check_name(name)?;
            if !names.insert(name) {
                return Err(SchemaError::DuplicateName(name.to_owned()));
            }
        }
        for label in &self.labels {
            if RESERVED_KEYS.contains(&label.key) {
                return Err(SchemaError::ReservedKey {
                    key: label.key,
                    label: label.name.to_string(),
                    reserved: "Space, Tab, N, P, X, and A in upper case".to_owned(),
                });
            }
        }
        for (i, a) in self.labels.iter().enumerate() {
            if let Some(b) = self.labels[i + 1..].iter().find(|b| b.key == a.key) {
                return Err(SchemaError::DuplicateKey {
                    key: a.key,
                    first: a.name.to_string(),
                    second: b.name.to_string(),
                });
            }
        }
        Ok(())
    }

    /// Checks that `name` can be a label: 1 to 50 code points, no whitespace, no control
    /// characters, so that it survives every export format (`B-Company Name` in CoNLL
    /// would be read back as the label `Company`).
    ///
    /// ```
    /// # use spantag::model::Schema;
    /// assert!(Schema::check_name("location").is_ok());
    /// assert!(Schema::check_name("Company Name").is_err());
    /// ```
    pub fn check_name(name: &str) -> Result<(), SchemaError> {
        let len = name.chars().count();
        if len == 0 || len > 50 || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(SchemaError::BadName(name.to_owned()));
        }
        Ok(())
    }

    /// The schema's labels followed by those of `names` it does not have yet, each new
    /// one with the next free key (`1`…`9`, then `a`…`z`, never a [`RESERVED_KEYS`] key
    /// or one taken) and colours from [`palette::generate`], kept apart from the
    /// colours already used. Returns the new schema and the labels added, in order.
    ///
    /// ```
    /// # use spantag::model::{Label, Schema};
    /// let names = ["GENE", "actor"].map(Label::new);
    /// let (schema, added) = Schema::default().extended(&names).unwrap();
    /// assert_eq!(schema.labels.len(), 4);
    /// assert_eq!((added[0].name.as_str(), added[0].key), ("GENE", '4'));
    /// ```
    pub fn extended(&self, names: &[Label]) -> Result<(Schema, Vec<LabelDef>), SchemaError> {
        let mut seen: HashSet<&Label> = self.labels.iter().map(|l| &l.name).collect();
        let new: Vec<&Label> = names.iter().filter(|n| seen.insert(n)).collect();
        let taken: Vec<palette::Shades> = self
            .labels
            .iter()
            .map(|l| palette::Shades {
                light: l.color,
                dark: l.color_for(true),
            })
            .collect();
        let shades = palette::generate(&taken, new.len());
        let mut keys = ('1'..='9')
            .chain('a'..='z')
            .filter(|k| !RESERVED_KEYS.contains(k) && self.by_key(*k).is_none());
        let mut added = Vec::new();
        for (name, shade) in new.into_iter().zip(shades) {
            Self::check_name(name.as_str())?;
            let key = keys
                .next()
                .ok_or_else(|| SchemaError::NoKeyLeft(name.to_string()))?;
            added.push(LabelDef {
                name: name.clone(),
                display: name.to_string(),
                color: shade.light,
                dark: Some(shade.dark),
                key,
            });
        }
        let mut schema = self.clone();
        schema.labels.extend(added.iter().cloned());
        schema.check()?;
        Ok((schema, added))
    }

    /// The schema as `spantag.ron` holds it: one label a line, `dark` written bare under
    /// `#![enable(implicit_some)]`.
    pub fn to_ron(&self) -> String {
        let mut out = String::from(
            "#![enable(implicit_some)]\n// Labels: name in files, name shown, colour (light theme), colour in the dark\n// theme, key. Keys Space, Tab, N, P and X are the window's.\n(labels: [\n",
        );
        for l in &self.labels {
            let dark = l
                .dark
                .map(|d| format!(", dark: {}", ron_value(&String::from(d))))
                .unwrap_or_default();
            out.push_str(&format!(
                "    (name: {}, display: {}, color: {}{dark}, key: {}),\n",
                ron_value(&l.name.to_string()),
                ron_value(&l.display),
                ron_value(&String::from(l.color)),
                ron_value(&l.key),
            ));
        }
        if self.suggestions.is_default() {
            out.push_str("])\n");
        } else {
            out.push_str(&format!("], {})\n", self.suggestions.to_ron()));
        }
        out
    }

    /// The label with this name, if the schema has it.
    pub fn get(&self, name: &Label) -> Option<&LabelDef> {
        self.labels.iter().find(|l| &l.name == name)
    }

    /// Whether the schema defines this label.
    pub fn knows(&self, name: &Label) -> bool {
        self.get(name).is_some()
    }

    /// The label whose shortcut is `key`.
    pub fn by_key(&self, key: char) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.key == key)
    }
}

/// A string or char as RON writes it, quotes and escapes included.
fn ron_value(value: &impl Serialize) -> String {
    // Strings and chars always serialize.
    ron::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggestion_settings_are_optional_and_written_back() {
        let plain: Schema = ron::from_str(
            "(labels: [(name: \"a\", display: \"A\", color: \"#112233\", key: 'e')])",
        )
        .unwrap();
        assert_eq!(plain.suggestions, SuggestionSettings::default());
        assert!(plain.suggestions.dictionary && plain.suggestions.gazetteers);
        assert!(!plain.to_ron().contains("suggestions"));
        let src = "(labels: [(name: \"a\", display: \"A\", color: \"#112233\", key: 'e')], suggestions: (dictionary_from: Done, gazetteers: false))";
        let set: Schema = ron::from_str(src).unwrap();
        assert_eq!(
            set.suggestions,
            SuggestionSettings {
                dictionary: true,
                dictionary_from: DictionaryFrom::Done,
                gazetteers: false,
                command: None,
            }
        );
        let written = set.to_ron();
        assert!(
            written.ends_with(
                "], suggestions: (dictionary: true, dictionary_from: Done, gazetteers: false))\n"
            ),
            "{written}"
        );
        assert_eq!(
            ron::Options::default()
                .from_str::<Schema>(&written)
                .unwrap(),
            set
        );
    }

    #[test]
    fn default_schema_is_valid_with_keys_one_two_three() {
        let schema = Schema::default();
        schema.check().unwrap();
        let keys: Vec<(char, &str)> = schema
            .labels
            .iter()
            .map(|l| (l.key, l.name.as_str()))
            .collect();
        assert_eq!(keys, [('1', "actor"), ('2', "location"), ('3', "event")]);
        assert!(schema.knows(&Label::new("event")));
        assert!(!schema.knows(&Label::new("person")));
    }

    #[test]
    fn refuses_duplicate_keys_and_names() {
        let mut schema = Schema::default();
        schema.labels[2].key = '1';
        assert_eq!(
            schema.check().unwrap_err().to_string(),
            "key '1' is given to both \"actor\" and \"event\""
        );
        let mut schema = Schema::default();
        schema.labels[1].name = Label::new("actor");
        assert_eq!(
            schema.check(),
            Err(SchemaError::DuplicateName("actor".into()))
        );
        let mut schema = Schema::default();
        schema.labels[0].name = Label::new("an actor");
        assert!(matches!(schema.check(), Err(SchemaError::BadName(_))));
        assert_eq!(
            Schema {
                labels: vec![],
                suggestions: SuggestionSettings::default()
            }
            .check(),
            Err(SchemaError::NoLabels)
        );
    }

    #[test]
    fn refuses_a_key_the_window_reads() {
        let mut schema = Schema::default();
        schema.labels[0].key = 'x';
        assert_eq!(
            schema.check().unwrap_err().to_string(),
            "key 'x' of label \"actor\" is taken by the window (reserved keys: Space, Tab, N, P, X, and A in upper case); choose another"
        );
        // Shift+A accepts every suggestion.
        schema.labels[0].key = 'A';
        assert!(schema.check().is_err());
        schema.labels[0].key = 'a';
        assert!(schema.check().is_ok());
    }

    #[test]
    fn a_dark_shade_is_optional_and_what_to_ron_writes_reads_back() {
        let src = "(labels: [(name: \"a\", display: \"A\", color: \"#112233\", dark: Some(\"#ddeeff\"), key: 'e'),\n\
                   (name: \"b\", display: \"Bé “b” 🙂\", color: \"#445566\", key: '\\'')])";
        let schema: Schema = ron::from_str(src).unwrap();
        assert_eq!(schema.labels[0].color_for(true), Rgb([0xdd, 0xee, 0xff]));
        assert_eq!(schema.labels[0].color_for(false), Rgb([0x11, 0x22, 0x33]));
        assert_eq!(schema.labels[1].color_for(true), Rgb([0x44, 0x55, 0x66]));
        let written = schema.to_ron();
        assert!(
            written.contains(
                "(name: \"a\", display: \"A\", color: \"#112233\", dark: \"#ddeeff\", key: 'e'),\n"
            ),
            "{written}"
        );
        assert_eq!(ron::from_str::<Schema>(&written).unwrap(), schema);
    }

    #[test]
    fn colours_read_and_write_as_hex() {
        let rgb = Rgb::try_from("#2E86c1".to_owned()).unwrap();
        assert_eq!(rgb, Rgb([0x2e, 0x86, 0xc1]));
        assert_eq!(String::from(rgb), "#2e86c1");
        assert!(Rgb::try_from("2e86c1".to_owned()).is_err());
        assert!(Rgb::try_from("#2e86c".to_owned()).is_err());
        assert!(Rgb::try_from("#2e86cg".to_owned()).is_err());
    }
}
