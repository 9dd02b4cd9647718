//! Names that become parts of file paths: document ids and annotator names.
//!
//! Both are restricted to `[A-Za-z0-9._-]`, 1 to 100 characters, with no leading dot, so
//! that `annotations/<doc-id>/<annotator>.ron` can never point outside `annotations/`.
//! They must also be files on every system and safe to type: a name whose part before
//! the first dot is a Windows device name ([`WINDOWS_DEVICE_NAMES`], any case: `con`,
//! `aux.txt`) is refused, since Windows opens the device instead of the file, and so is
//! a name that starts with `-` (`-rf`), which commands would read as an option.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The longest name allowed, in characters.
pub const MAX_NAME_LEN: usize = 100;

/// Names Windows keeps for devices, with or without an extension, in any case: no file
/// can have them there.
pub const WINDOWS_DEVICE_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Whether `name` is a Windows device name: its part before the first dot is one of
/// [`WINDOWS_DEVICE_NAMES`], case aside.
///
/// ```
/// use spantag::model::name::is_windows_device_name;
/// assert!(is_windows_device_name("aux.txt"));
/// assert!(is_windows_device_name("Com1"));
/// assert!(!is_windows_device_name("COM10"));
/// assert!(!is_windows_device_name("console"));
/// ```
pub fn is_windows_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    WINDOWS_DEVICE_NAMES
        .iter()
        .any(|device| device.eq_ignore_ascii_case(stem))
}

/// Why a name was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NameError {
    /// The name is empty.
    #[error("{what} is empty")]
    Empty {
        /// "document id" or "annotator name".
        what: &'static str,
    },
    /// The name is longer than [`MAX_NAME_LEN`].
    #[error("{what} {name:?} is {len} characters long; at most {MAX_NAME_LEN} are allowed")]
    TooLong {
        /// "document id" or "annotator name".
        what: &'static str,
        /// The refused name.
        name: String,
        /// Its length in characters.
        len: usize,
    },
    /// The name starts with a dot (hidden files, `..`).
    #[error("{what} {name:?} starts with a dot")]
    LeadingDot {
        /// "document id" or "annotator name".
        what: &'static str,
        /// The refused name.
        name: String,
    },
    /// The name is reserved (`gold` names adjudicated files).
    #[error("{what} {name:?} is reserved for adjudicated gold files; choose another name")]
    Reserved {
        /// "annotator name".
        what: &'static str,
        /// The refused name.
        name: String,
    },
    /// The name is a Windows device name (see [`is_windows_device_name`]).
    #[error(
        "{what} {name:?} is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there"
    )]
    WindowsDevice {
        /// "document id" or "annotator name".
        what: &'static str,
        /// The refused name.
        name: String,
    },
    /// The name starts with `-`, as a command-line option does.
    #[error("{what} {name:?} starts with '-', which commands would read as an option")]
    LeadingDash {
        /// "document id" or "annotator name".
        what: &'static str,
        /// The refused name.
        name: String,
    },
    /// The name holds a character outside `[A-Za-z0-9._-]`.
    #[error(
        "{what} {name:?} contains {bad:?}; only letters A-Z a-z, digits, '.', '_' and '-' are allowed"
    )]
    BadCharacter {
        /// "document id" or "annotator name".
        what: &'static str,
        /// The refused name.
        name: String,
        /// The first character that is not allowed.
        bad: char,
    },
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

fn check(what: &'static str, name: &str) -> Result<(), NameError> {
    let len = name.chars().count();
    if name.is_empty() {
        Err(NameError::Empty { what })
    } else if len > MAX_NAME_LEN {
        Err(NameError::TooLong {
            what,
            name: name.to_owned(),
            len,
        })
    } else if name.starts_with('.') {
        Err(NameError::LeadingDot {
            what,
            name: name.to_owned(),
        })
    } else if let Some(bad) = name.chars().find(|&c| !is_allowed(c)) {
        Err(NameError::BadCharacter {
            what,
            name: name.to_owned(),
            bad,
        })
    } else if name.starts_with('-') {
        Err(NameError::LeadingDash {
            what,
            name: name.to_owned(),
        })
    } else if is_windows_device_name(name) {
        Err(NameError::WindowsDevice {
            what,
            name: name.to_owned(),
        })
    } else {
        Ok(())
    }
}

macro_rules! path_safe_name {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// What this kind of name is called in messages.
            pub const WHAT: &'static str = $what;

            /// Checks `name` against the rules in the module docs.
            pub fn new(name: impl Into<String>) -> Result<Self, NameError> {
                let name = name.into();
                check($what, &name)?;
                Ok(Self(name))
            }

            /// The name as written in paths and files.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = NameError;
            fn try_from(name: String) -> Result<Self, NameError> {
                Self::new(name)
            }
        }

        impl From<$name> for String {
            fn from(name: $name) -> String {
                name.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = NameError;
            fn from_str(name: &str) -> Result<Self, NameError> {
                Self::new(name)
            }
        }
    };
}

path_safe_name!(
    /// The id of a document, also the name of its folder under `annotations/`.
    ///
    /// ```
    /// use spantag::model::DocId;
    /// assert!(DocId::new("syria-rebels-seize-towns-north-of-homs").is_ok());
    /// assert!(DocId::new("../../etc").is_err());
    /// ```
    DocId,
    "document id"
);

path_safe_name!(
    /// The name of an annotator, also the stem of their file `<annotator>.ron`.
    ///
    /// ```
    /// use spantag::model::AnnotatorName;
    /// assert!(AnnotatorName::new("alice").is_ok());
    /// assert!(AnnotatorName::new("alice smith").is_err());
    /// ```
    AnnotatorName,
    "annotator name"
);

impl AnnotatorName {
    /// A person's name: as [`AnnotatorName::new`], and not `gold`, which names the
    /// adjudicated files.
    ///
    /// ```
    /// use spantag::model::AnnotatorName;
    /// assert!(AnnotatorName::new("gold").is_ok());
    /// assert!(AnnotatorName::person("gold").is_err());
    /// ```
    pub fn person(name: impl Into<String>) -> Result<Self, NameError> {
        let name = Self::new(name)?;
        if name.0.eq_ignore_ascii_case("gold") {
            return Err(NameError::Reserved {
                what: Self::WHAT,
                name: name.0,
            });
        }
        Ok(name)
    }
}

impl DocId {
    /// A valid id made from a file stem (or, with `--sanitize-ids`, from an id written
    /// in the data): transliterated to ASCII (`Zürich` → `Zurich`, `Москва` → `Moskva`),
    /// every other character outside the allowed set becomes `-` (one for a run), leading
    /// dots are dropped and the result is cut to [`MAX_NAME_LEN`]. An empty result
    /// becomes `document`.
    ///
    /// A file can be named what an id cannot, and must still become a document with an
    /// id that does not change from one run to the next, so such a result is adjusted,
    /// never refused: one that starts with `-` gets `doc` before it (`-rf` → `doc-rf`,
    /// `(draft)` → `doc-draft-`), and a Windows device name gets `doc-` (`CON` →
    /// `doc-CON`, `aux.final` → `doc-aux.final`). Two names can give the same id:
    /// callers that make ids from several names add suffixes (see
    /// [`ids_from_file_stems`]).
    ///
    /// ```
    /// use spantag::model::DocId;
    /// assert_eq!(DocId::from_file_stem("Kyiv report (draft)").as_str(), "Kyiv-report-draft-");
    /// assert_eq!(DocId::from_file_stem("Zürich report").as_str(), "Zurich-report");
    /// assert_eq!(DocId::from_file_stem("CON").as_str(), "doc-CON");
    /// assert_eq!(DocId::from_file_stem("-rf").as_str(), "doc-rf");
    /// ```
    pub fn from_file_stem(stem: &str) -> Self {
        Self::from_file_stem_adjusted(stem).0
    }

    /// [`DocId::from_file_stem`], and whether the id got a `doc` prefix.
    fn from_file_stem_adjusted(stem: &str) -> (Self, bool) {
        let mut id = String::new();
        let ascii = deunicode::deunicode_with_tofu(stem.trim_start_matches('.'), "-");
        for c in ascii.trim_start_matches('.').chars() {
            let c = if is_allowed(c) { c } else { '-' };
            if !(c == '-' && id.ends_with('-')) {
                id.push(c);
            }
        }
        let prefixed = if id.starts_with('-') {
            id.insert_str(0, "doc");
            true
        } else if is_windows_device_name(&id) {
            id.insert_str(0, "doc-");
            true
        } else {
            false
        };
        let id: String = id.chars().take(MAX_NAME_LEN).collect();
        match Self::new(id) {
            Ok(id) => (id, prefixed),
            Err(_) => (Self("document".to_owned()), false),
        }
    }
}

/// Names (file stems) that give the same document id, case aside, and the ids they got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdCollision {
    /// Each name and its id, in the sorted order of the names (the first kept the id).
    pub names: Vec<(String, DocId)>,
}

impl fmt::Display for IdCollision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted: Vec<String> = self.names.iter().map(|(n, _)| format!("{n:?}")).collect();
        let listed = match quoted.split_last() {
            Some((last, [one])) => format!("{one} and {last}"),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        let ids: Vec<&str> = self.names.iter().map(|(_, id)| id.as_str()).collect();
        write!(
            f,
            "file names {listed} give the same document id (case aside): named {}",
            ids.join(", ")
        )
    }
}

/// Ids for several file stems, each made by [`DocId::from_file_stem`]; stems whose ids are
/// equal but for case (which would share a folder on macOS and Windows) get `-2`, `-3`, …
/// in the sorted order of the stems, skipping ids already taken — except that a stem
/// whose id needed a `doc` prefix (`-rf`, `CON`) comes after the others, so a file
/// really named `doc-rf` keeps its id. The ids come back in the order of `stems`, with
/// every collision, to be reported.
///
/// ```
/// use spantag::model::name::ids_from_file_stems;
/// let (ids, collisions) = ids_from_file_stems(&["Zürich", "Zurich"]);
/// assert_eq!(ids[0].as_str(), "Zurich-2");
/// assert_eq!(ids[1].as_str(), "Zurich");
/// assert_eq!(collisions.len(), 1);
/// ```
pub fn ids_from_file_stems<S: AsRef<str>>(stems: &[S]) -> (Vec<DocId>, Vec<IdCollision>) {
    let (mut ids, prefixed): (Vec<DocId>, Vec<bool>) = stems
        .iter()
        .map(|s| DocId::from_file_stem_adjusted(s.as_ref()))
        .unzip();
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, id) in ids.iter().enumerate() {
        groups
            .entry(id.as_str().to_ascii_lowercase())
            .or_default()
            .push(i);
    }
    let mut taken: std::collections::HashSet<String> = groups.keys().cloned().collect();
    let mut collisions = Vec::new();
    for members in groups.values_mut().filter(|m| m.len() > 1) {
        members.sort_by_key(|&i| (prefixed[i], stems[i].as_ref()));
        for &i in &members[1..] {
            let base = ids[i].as_str().to_owned();
            let mut k = 2;
            let id = loop {
                let suffix = format!("-{k}");
                let head: String = base.chars().take(MAX_NAME_LEN - suffix.len()).collect();
                let candidate = format!("{head}{suffix}");
                if taken.insert(candidate.to_ascii_lowercase()) {
                    break candidate;
                }
                k += 1;
            };
            // Valid: a valid id, cut, and `-` with digits.
            ids[i] = DocId(id);
        }
        collisions.push(IdCollision {
            names: members
                .iter()
                .map(|&i| (stems[i].as_ref().to_owned(), ids[i].clone()))
                .collect(),
        });
    }
    (ids, collisions)
}

/// [`ids_from_file_stems`] for files: their stems (lossily decoded), ids in their order.
pub fn ids_from_file_paths<P: AsRef<std::path::Path>>(
    paths: &[P],
) -> (Vec<DocId>, Vec<IdCollision>) {
    let stems: Vec<String> = paths
        .iter()
        .map(|p| {
            let stem = p.as_ref().file_stem().unwrap_or_default();
            stem.to_string_lossy().into_owned()
        })
        .collect();
    ids_from_file_stems(&stems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_names() {
        for ok in ["alice", "bob_2", "a.b-c", "X", &"a".repeat(100)] {
            assert!(AnnotatorName::new(ok).is_ok(), "{ok}");
            assert!(DocId::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_paths_and_odd_names() {
        let cases = [
            ("", "annotator name is empty"),
            (
                "../../etc",
                "annotator name \"../../etc\" starts with a dot",
            ),
            ("a/b", "contains '/'"),
            ("a\\b", "contains '\\\\'"),
            (".hidden", "starts with a dot"),
            ("alice smith", "contains ' '"),
            ("zoë", "contains 'ë'"),
            ("con:1", "contains ':'"),
        ];
        for (name, expected) in cases {
            let message = AnnotatorName::new(name).unwrap_err().to_string();
            assert!(message.contains(expected), "{name}: {message}");
        }
        let long = "a".repeat(101);
        assert!(
            DocId::new(long)
                .unwrap_err()
                .to_string()
                .contains("101 characters long")
        );
    }

    #[test]
    fn refuses_windows_device_names_and_option_like_names() {
        for name in [
            "CON",
            "con",
            "Prn",
            "aux",
            "NUL",
            "com1",
            "COM9",
            "lpt1",
            "LPT9",
            "aux.txt",
            "con.ron",
            "NUL.tar.gz",
            "CON.",
        ] {
            assert_eq!(
                DocId::new(name),
                Err(NameError::WindowsDevice {
                    what: "document id",
                    name: name.to_owned()
                }),
                "{name}"
            );
        }
        assert_eq!(
            AnnotatorName::new("aux.txt").unwrap_err().to_string(),
            "annotator name \"aux.txt\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there"
        );
        for name in ["-rf", "-", "--help", "-.x"] {
            assert_eq!(
                AnnotatorName::new(name),
                Err(NameError::LeadingDash {
                    what: "annotator name",
                    name: name.to_owned()
                }),
                "{name}"
            );
        }
        assert_eq!(
            DocId::new("-rf").unwrap_err().to_string(),
            "document id \"-rf\" starts with '-', which commands would read as an option"
        );
        for ok in [
            "COM10",
            "COM0",
            "LPT",
            "console",
            "auxiliary",
            "nul-2",
            "x.con",
            "a-",
            "doc-CON",
        ] {
            assert!(DocId::new(ok).is_ok(), "{ok}");
            assert!(AnnotatorName::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn file_stems_that_cannot_be_ids_are_adjusted_not_refused() {
        let cases = [
            ("CON", "doc-CON"),
            ("aux.txt", "doc-aux.txt"),
            ("Lpt1", "doc-Lpt1"),
            ("-rf", "doc-rf"),
            ("--force", "doc-force"),
            ("(draft)", "doc-draft-"),
            ("“Kyiv”", "doc-Kyiv-"),
            (" nul", "doc-nul"),
            ("-", "doc-"),
            ("COM10", "COM10"),
            ("-DOCSTART-", "doc-DOCSTART-"),
        ];
        for (stem, id) in cases {
            assert_eq!(DocId::from_file_stem(stem).as_str(), id, "{stem}");
        }
        // Cut to the limit after the prefix.
        let long = format!("-{}", "x".repeat(200));
        let id = DocId::from_file_stem(&long);
        assert_eq!(id.as_str().len(), MAX_NAME_LEN);
        assert!(id.as_str().starts_with("doc-xx"));
        // The file really named doc-rf keeps its id, whatever the order given.
        for stems in [["-rf", "doc-rf"], ["doc-rf", "-rf"]] {
            let (ids, collisions) = ids_from_file_stems(&stems);
            let by_stem: std::collections::BTreeMap<&str, &str> = stems
                .iter()
                .copied()
                .zip(ids.iter().map(DocId::as_str))
                .collect();
            assert_eq!(by_stem["doc-rf"], "doc-rf");
            assert_eq!(by_stem["-rf"], "doc-rf-2");
            assert_eq!(collisions.len(), 1);
        }
    }

    #[test]
    fn file_stems_become_valid_ids() {
        assert_eq!(DocId::from_file_stem(".profile").as_str(), "profile");
        assert_eq!(DocId::from_file_stem("Москва 2024").as_str(), "Moskva-2024");
        assert_eq!(
            DocId::from_file_stem("Zürich report").as_str(),
            "Zurich-report"
        );
        assert_eq!(
            DocId::from_file_stem("São Paulo “metro”").as_str(),
            "Sao-Paulo-metro-"
        );
        assert_eq!(DocId::from_file_stem("حمص").as_str(), "HmS");
        assert_eq!(DocId::from_file_stem("😀 news").as_str(), "grinning-news");
        assert_eq!(DocId::from_file_stem("...").as_str(), "document");
        assert_eq!(DocId::from_file_stem(&"x".repeat(300)).as_str().len(), 100);
    }

    #[test]
    fn stems_that_collide_get_suffixes_in_the_sorted_order_of_the_names() {
        let stems = ["Zürich", "report", "Zurich", "ZURICH", "zurich-2", "Report"];
        let (ids, collisions) = ids_from_file_stems(&stems);
        let ids: Vec<&str> = ids.iter().map(DocId::as_str).collect();
        // Sorted names: ZURICH, Zurich, Zürich; zurich-2 is taken by its own file.
        assert_eq!(
            ids,
            [
                "Zurich-4", "report-2", "Zurich-3", "ZURICH", "zurich-2", "Report"
            ]
        );
        let messages: Vec<String> = collisions.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "file names \"Report\" and \"report\" give the same document id (case aside): named Report, report-2",
                "file names \"ZURICH\", \"Zurich\" and \"Zürich\" give the same document id (case aside): named ZURICH, Zurich-3, Zurich-4",
            ]
        );
        let long = "x".repeat(100);
        let (ids, _) = ids_from_file_stems(&[long.as_str(), &"X".repeat(100)]);
        assert_eq!(ids[0].as_str(), format!("{}-2", "x".repeat(98)));
        assert_eq!(ids[1].as_str(), "X".repeat(100));
    }

    #[test]
    fn deserializing_checks_the_name() {
        let ok: Result<AnnotatorName, _> = ron::from_str("\"alice\"");
        assert_eq!(ok.unwrap().as_str(), "alice");
        let bad: Result<AnnotatorName, _> = ron::from_str("\"../x\"");
        assert!(bad.unwrap_err().to_string().contains("starts with a dot"));
    }
}
