//! Names that become parts of file paths: document ids and annotator names.
//!
//! Both are restricted to `[A-Za-z0-9._-]`, 1 to 100 characters, with no leading dot, so
//! that `annotations/<doc-id>/<annotator>.ron` can never point outside `annotations/`.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The longest name allowed, in characters.
pub const MAX_NAME_LEN: usize = 100;

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
    /// becomes `document`. Two names can give the same id: callers that make ids from
    /// several names add suffixes (see `io::import::unique_file_ids`).
    ///
    /// ```
    /// use spantag::model::DocId;
    /// assert_eq!(DocId::from_file_stem("Kyiv report (draft)").as_str(), "Kyiv-report-draft-");
    /// assert_eq!(DocId::from_file_stem("Zürich report").as_str(), "Zurich-report");
    /// ```
    pub fn from_file_stem(stem: &str) -> Self {
        let mut id = String::new();
        let ascii = deunicode::deunicode_with_tofu(stem.trim_start_matches('.'), "-");
        for c in ascii.trim_start_matches('.').chars() {
            let c = if is_allowed(c) { c } else { '-' };
            if !(c == '-' && id.ends_with('-')) {
                id.push(c);
            }
        }
        let id: String = id.chars().take(MAX_NAME_LEN).collect();
        Self::new(id).unwrap_or_else(|_| Self("document".to_owned()))
    }
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
    fn deserializing_checks_the_name() {
        let ok: Result<AnnotatorName, _> = ron::from_str("\"alice\"");
        assert_eq!(ok.unwrap().as_str(), "alice");
        let bad: Result<AnnotatorName, _> = ron::from_str("\"../x\"");
        assert!(bad.unwrap_err().to_string().contains("starts with a dot"));
    }
}
