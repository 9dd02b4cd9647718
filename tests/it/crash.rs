//! The crash test: a child process saves annotation files in a loop through the real
//! write path ([`save_annotation`], atomic), reporting each finished save; the test
//! kills it with SIGKILL after a random number of reports, then checks that every file
//! is whole: exactly one of the versions written, and no older than the last one
//! reported. Hundreds of trials, bounded in time, no sleeps; the random numbers come
//! from a fixed seed (`SPANTAG_CRASH_SEED` to change it), printed on failure.
//!
//! The child is this test binary itself, run as the ignored test [`child`].

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use spantag::io::ron_format::{parse_annotation, to_ron};
use spantag::io::store::save_annotation;
use spantag::model::{Annotation, AnnotatorName, DocId, Document, Schema, Span, Status};

/// Where the child writes; set only in the child.
const CHILD_DIR: &str = "SPANTAG_CRASH_CHILD_DIR";
/// The first version number the child writes.
const CHILD_FROM: &str = "SPANTAG_CRASH_CHILD_FROM";
/// The files the child writes in turn: version `v` goes to file `v % FILES`.
const FILES: u64 = 3;
/// What the child prints after each finished save: `saved <version>`.
const SAVED: &str = "saved ";

const TRIALS: usize = 300;
const TIME_BUDGET: Duration = Duration::from_secs(20);
/// A child is killed after 1 to this many reported saves.
const MAX_REPORTS: u64 = 8;

/// The path of file `k` in `dir`.
fn file(dir: &Path, k: u64) -> PathBuf {
    dir.join(format!("doc{k}")).join("alice.ron")
}

/// Version `v` of the annotation: file `v % FILES`, its spans and modification time
/// depend on `v`, so every version has its own bytes, and its own size.
fn version(v: u64) -> Annotation {
    let k = v % FILES;
    let line = "The minister’s office said “Kyiv” was shelled 😀. قال المتحدث إن حمص سقطت.\r\n";
    let text = line.repeat(20 + (k as usize) * 7);
    let document = Document::new(
        DocId::new(format!("doc{k}")).unwrap(),
        format!("samples/doc{k}.txt"),
        text,
    );
    let created = jiff::Timestamp::from_second(1_790_000_000).unwrap();
    let mut annotation = Annotation::new(document, AnnotatorName::new("alice").unwrap(), created);
    annotation.modified = jiff::Timestamp::from_second(1_790_000_000 + v as i64).unwrap();
    annotation.status = if v.is_multiple_of(2) {
        Status::InProgress
    } else {
        Status::Done
    };
    let line_len = line.chars().count();
    for n in 0..(v % 17) as usize {
        // "Kyiv" and "حمص" of line n.
        annotation
            .insert(Span::new(n * line_len + 28, n * line_len + 32, "location"))
            .unwrap();
        annotation
            .insert(Span::new(n * line_len + 64, n * line_len + 67, "location"))
            .unwrap();
    }
    annotation
}

/// The version file `k` holds, checked to be whole: it parses, and its bytes are
/// exactly what that version's save writes.
fn version_in(dir: &Path, k: u64) -> Result<u64, String> {
    let path = file(dir, k);
    let src = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let loaded = parse_annotation(&path, &src, &Schema::default())
        .map_err(|e| format!("{} does not parse: {e}\n{src}", path.display()))?;
    let v = (loaded.annotation.modified.as_second() - 1_790_000_000) as u64;
    if v % FILES != k || src != to_ron(&version(v)) {
        return Err(format!(
            "{} is not whole: it says version {v}, but its bytes are not that version's\n{src}",
            path.display()
        ));
    }
    Ok(v)
}

/// splitmix64: a small, seeded, repeatable random number generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Not a test: the child process of [`kill_9_leaves_every_file_whole`], which saves
/// versions from `SPANTAG_CRASH_CHILD_FROM` on into `SPANTAG_CRASH_CHILD_DIR` until it is
/// killed (or nobody reads its reports any more).
#[test]
#[ignore = "the crash test's child process; runs only when the crash test starts it"]
fn child() {
    let (Ok(dir), Ok(from)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_FROM)) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let mut out = std::io::stdout().lock();
    for v in from.parse::<u64>().unwrap().. {
        save_annotation(&file(&dir, v % FILES), &version(v)).unwrap();
        // A parent that stopped reading is gone: stop too.
        if writeln!(out, "{SAVED}{v}")
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Fails trial `trial` of the run from `seed`, saying so.
fn fail(seed: u64, trial: usize, why: String) -> ! {
    panic!("seed {seed}, trial {trial}: {why}")
}

#[test]
fn kill_9_leaves_every_file_whole() {
    let seed = std::env::var("SPANTAG_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0011_u64);
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    // The last version saved and reported, by file: each file starts whole.
    let mut reported: BTreeMap<u64, u64> = BTreeMap::new();
    for v in 0..FILES {
        save_annotation(&file(dir.path(), v), &version(v)).unwrap();
        reported.insert(v, v);
    }
    let mut next = FILES;
    let started = Instant::now();
    let mut trials = 0;
    let mut kills_mid_run = 0;
    while trials < TRIALS && started.elapsed() < TIME_BUDGET {
        let reports = 1 + rng.next() % MAX_REPORTS;
        let mut child = Command::new(&exe)
            .args(["--exact", "crash::child", "--ignored", "--nocapture"])
            .args(["--test-threads", "1"])
            .env(CHILD_DIR, dir.path())
            .env(CHILD_FROM, next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut seen = 0;
        for line in stdout.lines() {
            let Some(v) = line.unwrap().strip_prefix(SAVED).map(|v| v.parse::<u64>()) else {
                continue; // the test harness's own lines
            };
            let v = v.unwrap();
            reported.insert(v % FILES, v);
            seen += 1;
            if seen == reports {
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        if seen < reports {
            fail(
                seed,
                trials,
                format!("the child ended after {seen} of {reports} saves: {status}"),
            );
        }
        kills_mid_run += usize::from(status.code().is_none());
        // Every file whole: the last version reported, or one saved after it.
        for k in 0..FILES {
            let v = version_in(dir.path(), k).unwrap_or_else(|e| fail(seed, trials, e));
            if v < reported[&k] {
                fail(
                    seed,
                    trials,
                    format!(
                        "file {k} holds version {v}, older than version {} reported saved",
                        reported[&k]
                    ),
                );
            }
            reported.insert(k, v);
        }
        // Nothing else in the folders but a temp file a kill may leave behind.
        for k in 0..FILES {
            for entry in std::fs::read_dir(dir.path().join(format!("doc{k}"))).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                if name != "alice.ron" && !(name.starts_with(".spantag-") && name.ends_with(".tmp"))
                {
                    fail(seed, trials, format!("unexpected file {name:?} in doc{k}"));
                }
            }
        }
        // The next child starts past anything this one may have saved.
        next = reported.values().max().unwrap() + 1;
        trials += 1;
    }
    eprintln!(
        "crash test: {trials} trials in {:.1} s (seed {seed}), {kills_mid_run} killed by the signal",
        started.elapsed().as_secs_f64()
    );
    assert!(
        trials >= 50,
        "only {trials} trials in {TIME_BUDGET:?} (seed {seed})"
    );
    assert_eq!(
        kills_mid_run, trials,
        "every child ends by SIGKILL (seed {seed})"
    );
}
