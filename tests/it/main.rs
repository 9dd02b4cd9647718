//! Whole workflows: the real `spantag` binary in temp folders, and the bundled corpus.

mod bundled;
mod cli;
mod conll_roundtrip;
mod corpus_health;
#[cfg(unix)]
mod crash;
mod export;
mod gold;
mod import_hardening;
mod import_layouts;
mod jobs;
mod labels;
mod readme;
mod search;
mod suggest;
#[cfg(unix)]
mod walk;
#[cfg(feature = "gui")]
mod window;
#[cfg(feature = "gui")]
mod window_faults;
#[cfg(feature = "gui")]
mod window_find;
#[cfg(feature = "gui")]
mod window_polish;
#[cfg(feature = "gui")]
mod window_rtl;
#[cfg(feature = "gui")]
mod window_suggest;

use std::fs;
use std::path::{Path, PathBuf};

/// The repository root, where `samples/` and `annotations/` live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The built `spantag` binary, ready to run.
pub fn spantag() -> assert_cmd::Command {
    assert_cmd::cargo::cargo_bin_cmd!("spantag")
}

/// (exit code, stdout, stderr) of `spantag args` run in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    run_in_with(dir, args, &[])
}

/// [`run_in`] with environment variables set.
pub fn run_in_with(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &Path)],
) -> (Option<i32>, String, String) {
    let mut command = spantag();
    command.args(args).current_dir(dir);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Sets `path`'s modification time `age` into the past, as a file left by a write that
/// was killed that long ago.
pub fn make_old(path: &Path, age: std::time::Duration) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - age)
        .unwrap();
}

/// Copies the bundled corpus (`samples/`, `annotations/`, `gazetteers/`) into a new temp
/// folder.
pub fn bundled_corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["samples", "annotations", "gazetteers"] {
        copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    dir
}

/// Copies the folder `from` to `to`, creating `to` and its parents.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}
