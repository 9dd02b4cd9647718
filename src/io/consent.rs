//! Which external commands the user has agreed to run. A corpus is shared data: a
//! command named in its `spantag.ron` runs only after the user has agreed to that exact
//! command line for that corpus, once; the agreement is kept in the user's own settings
//! (`$XDG_CONFIG_HOME/spantag/allowed-commands.jsonl`), never in the corpus.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;

/// The store of agreements: one JSON object a line, `{"corpus", "command"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consents {
    path: PathBuf,
}

#[derive(Serialize, Deserialize, PartialEq, Eq)]
struct Agreement {
    corpus: String,
    command: String,
}

impl Consents {
    /// The user's store: under `$XDG_CONFIG_HOME` (or `~/.config`; `%APPDATA%` on
    /// Windows). `None` when no such folder is known.
    pub fn user() -> Option<Self> {
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        Some(Self::at(
            base.join("spantag").join("allowed-commands.jsonl"),
        ))
    }

    /// A store in the file `path`.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// Where the agreements are kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the user agreed to run `command` for the corpus at `corpus`.
    pub fn allows(&self, corpus: &Path, command: &str) -> bool {
        let wanted = Agreement {
            corpus: key(corpus),
            command: command.to_owned(),
        };
        self.read().contains(&wanted)
    }

    /// Remembers that the user agreed to run `command` for the corpus at `corpus`.
    pub fn allow(&self, corpus: &Path, command: &str) -> io::Result<()> {
        let mut all = self.read();
        let new = Agreement {
            corpus: key(corpus),
            command: command.to_owned(),
        };
        if all.contains(&new) {
            return Ok(());
        }
        all.push(new);
        if let Some(folder) = self.path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let mut text = String::new();
        for agreement in &all {
            text.push_str(&serde_json::to_string(agreement).map_err(io::Error::other)?);
            text.push('\n');
        }
        write_atomic(&self.path, text.as_bytes())
    }

    /// The agreements on file; a line that does not read agrees to nothing.
    fn read(&self) -> Vec<Agreement> {
        std::fs::read_to_string(&self.path)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }
}

/// A corpus as agreements name it: its absolute path.
fn key(corpus: &Path) -> String {
    std::fs::canonicalize(corpus)
        .unwrap_or_else(|_| corpus.to_owned())
        .display()
        .to_string()
}

/// Whether an external command may run, and on whose word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandPermission {
    /// The agreements on file.
    pub consents: Option<Consents>,
    /// The user agrees now (`--allow-command`, or the window's question answered yes):
    /// the command runs and the agreement is remembered.
    pub allow_now: bool,
}

impl CommandPermission {
    /// Whether `command` may run for `corpus`; agreeing now is remembered.
    pub fn check(&self, corpus: &Path, command: &str) -> Result<(), String> {
        if self.allow_now {
            if let Some(consents) = &self.consents {
                consents.allow(corpus, command).map_err(|e| {
                    format!(
                        "could not remember the agreement in {}: {e}",
                        consents.path().display()
                    )
                })?;
            }
            return Ok(());
        }
        if self
            .consents
            .as_ref()
            .is_some_and(|c| c.allows(corpus, command))
        {
            return Ok(());
        }
        Err(format!(
            "this corpus's spantag.ron asks to run `{command}`; a corpus is shared data, so it runs only once you agree to that exact command (--allow-command, remembered for this corpus)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agreement_is_for_one_corpus_and_one_exact_command() {
        let dir = tempfile::tempdir().unwrap();
        let consents = Consents::at(dir.path().join("cfg/spantag/allowed-commands.jsonl"));
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        assert!(!consents.allows(&a, "python3 model.py"));
        let ask = CommandPermission {
            consents: Some(consents.clone()),
            allow_now: false,
        };
        let refused = ask.check(&a, "python3 model.py").unwrap_err();
        assert!(
            refused.contains("asks to run `python3 model.py`"),
            "{refused}"
        );
        let agree = CommandPermission {
            allow_now: true,
            ..ask.clone()
        };
        agree.check(&a, "python3 model.py").unwrap();
        assert!(ask.check(&a, "python3 model.py").is_ok());
        // Another corpus, or the command changed by a word: asked again.
        assert!(ask.check(&b, "python3 model.py").is_err());
        assert!(ask.check(&a, "python3 model.py --evil").is_err());
        // The same path written another way is the same corpus.
        assert!(ask.check(&a.join("."), "python3 model.py").is_ok());
    }
}
