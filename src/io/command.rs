//! The external command that suggests spans (any model: spaCy, a service's wrapper).
//! spantag writes one `{"id", "text"}` line per document to its standard input, closes
//! it, and reads `{"id", "spans": [{"start", "end", "label", "score"}]}` lines back,
//! offsets in code points. The command runs in the corpus folder, within a time limit:
//! past it, it is stopped and the error says so. Whatever it prints that is not such a
//! line is an error naming the line; never a hang, never a panic.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{CommandSettings, Origin, Span, Suggestion};

/// The most a command may print: more is not suggestions, it is a runaway.
const MAX_OUTPUT_BYTES: usize = 256 * 1024 * 1024;
/// The end of its standard error kept for the message when it fails.
const STDERR_KEPT: usize = 2000;

/// What the command suggested, by document id, and what was worth telling.
#[derive(Debug, Default)]
pub struct CommandOutput {
    /// The suggestions for each document it answered for, sorted.
    pub suggestions: HashMap<String, Vec<Suggestion>>,
    /// Documents it said nothing about, and the like: one line each.
    pub warnings: Vec<String>,
}

/// Why the command gave no suggestions.
#[derive(Debug, Error)]
pub enum CommandError {
    /// It could not be started.
    #[error("could not run `{command}`: {source}")]
    Start {
        /// The command line.
        command: String,
        /// Why.
        source: std::io::Error,
    },
    /// It took longer than its time limit, and was stopped.
    #[error(
        "`{command}` did not finish within {seconds} s (timeout_seconds in spantag.ron), so it was stopped"
    )]
    TimedOut {
        /// The command line.
        command: String,
        /// The limit.
        seconds: u64,
    },
    /// It exited with an error.
    #[error("`{command}` failed ({status}){}", if stderr.is_empty() { String::new() } else { format!(": {stderr}") })]
    Failed {
        /// The command line.
        command: String,
        /// Its exit status.
        status: String,
        /// The end of what it printed on standard error.
        stderr: String,
    },
    /// A line of its output is not what the protocol says.
    #[error(
        "`{command}` printed something spantag cannot use, on line {line} of its output: {message}"
    )]
    BadLine {
        /// The command line.
        command: String,
        /// The line of its output, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Serialize)]
struct Request<'a> {
    id: &'a str,
    text: &'a str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    id: String,
    spans: Vec<AnswerSpan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerSpan {
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    #[allow(dead_code)] // read so that it is allowed; spantag does not rank by it yet
    score: Option<f64>,
}

/// Runs `settings`' command in `dir` on `documents` (id, text), within its time limit.
pub fn run_command(
    settings: &CommandSettings,
    dir: &Path,
    documents: &[(String, String)],
) -> Result<CommandOutput, CommandError> {
    let command = settings.command_line();
    let limit = Duration::from_secs(settings.timeout_seconds.max(1));
    run_with_limit(settings, dir, documents, limit).map_err(|e| match e {
        Failure::TimedOut => CommandError::TimedOut {
            command: command.clone(),
            seconds: limit.as_secs(),
        },
        Failure::Error(e) => e,
    })
}

enum Failure {
    TimedOut,
    Error(CommandError),
}

/// [`run_command`] with the limit as a duration (tests use a short one).
fn run_with_limit(
    settings: &CommandSettings,
    dir: &Path,
    documents: &[(String, String)],
    limit: Duration,
) -> Result<CommandOutput, Failure> {
    let command = settings.command_line();
    let deadline = Instant::now() + limit;
    // A relative path with a folder in it is the corpus's: the child's working folder
    // would otherwise decide it differently on each platform.
    let program = if settings.program.contains(['/', '\\']) {
        dir.join(&settings.program)
    } else {
        PathBuf::from(&settings.program)
    };
    let mut child = Command::new(program)
        .args(&settings.args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| {
            Failure::Error(CommandError::Start {
                command: command.clone(),
                source,
            })
        })?;
    // Writing, reading and reading errors each on their own thread: a command that
    // answers before it has read everything cannot block spantag, nor the reverse.
    let input: Vec<u8> = documents
        .iter()
        .flat_map(|(id, text)| {
            let mut line = serde_json::to_vec(&Request { id, text }).unwrap_or_default();
            line.push(b'\n');
            line
        })
        .collect();
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = &mut stdin {
            // A command that stops reading early says so by its answer or its status.
            let _ = stdin.write_all(&input);
        }
        drop(stdin);
    });
    let (lines_tx, lines) = mpsc::channel::<Result<String, String>>();
    let stdout = child.stdout.take();
    std::thread::spawn(move || {
        let Some(stdout) = stdout else { return };
        let mut reader = BufReader::new(stdout);
        let mut total = 0;
        loop {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => return,
                Ok(n) => {
                    total += n;
                    if total > MAX_OUTPUT_BYTES {
                        let _ = lines_tx.send(Err(format!(
                            "it printed more than {} MiB",
                            MAX_OUTPUT_BYTES >> 20
                        )));
                        return;
                    }
                    let line = String::from_utf8(line)
                        .map_err(|_| "the line is not valid UTF-8".to_owned());
                    if lines_tx.send(line).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = lines_tx.send(Err(e.to_string()));
                    return;
                }
            }
        }
    });
    let stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(mut stderr) = stderr {
            let _ = stderr
                .by_ref()
                .take(MAX_OUTPUT_BYTES as u64)
                .read_to_end(&mut text);
        }
        let text = String::from_utf8_lossy(&text).trim().to_owned();
        let cut = text
            .char_indices()
            .rev()
            .nth(STDERR_KEPT)
            .map_or(0, |(i, _)| i);
        text[cut..].to_owned()
    });

    let texts: HashMap<&str, usize> = documents
        .iter()
        .map(|(id, text)| (id.as_str(), text.chars().count()))
        .collect();
    let mut output = CommandOutput::default();
    let mut line_number = 0;
    let bad = |line: usize, message: String| {
        Failure::Error(CommandError::BadLine {
            command: command.clone(),
            line,
            message,
        })
    };
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(Ok(line)) => {
                line_number += 1;
                if line.trim().is_empty() {
                    continue;
                }
                if let Err(message) = read_answer(&line, &texts, &mut output) {
                    stop(&mut child);
                    return Err(bad(line_number, message));
                }
            }
            Ok(Err(message)) => {
                stop(&mut child);
                return Err(bad(line_number + 1, message));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                stop(&mut child);
                return Err(Failure::TimedOut);
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    // Its output is closed: it is ending. Wait for it, still within the limit.
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                // Polling: the process has closed its output and is on its way out.
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(None) => {
                stop(&mut child);
                return Err(Failure::TimedOut);
            }
            Err(e) => {
                return Err(Failure::Error(CommandError::Failed {
                    command,
                    status: e.to_string(),
                    stderr: String::new(),
                }));
            }
        }
    };
    let _ = writer.join();
    let stderr = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(Failure::Error(CommandError::Failed {
            command,
            status: status.to_string(),
            stderr,
        }));
    }
    let silent = documents
        .iter()
        .filter(|(id, _)| !output.suggestions.contains_key(id))
        .count();
    if silent > 0 {
        output.warnings.push(format!(
            "`{command}` said nothing about {silent} of {} {}",
            documents.len(),
            if documents.len() == 1 {
                "document"
            } else {
                "documents"
            }
        ));
    }
    for list in output.suggestions.values_mut() {
        list.sort();
        list.dedup_by(|a, b| a.span == b.span);
    }
    Ok(output)
}

/// Reads one line of the command's output into `output`, or says what is wrong with it.
fn read_answer(
    line: &str,
    texts: &HashMap<&str, usize>,
    output: &mut CommandOutput,
) -> Result<(), String> {
    let answer: Answer = serde_json::from_str(line).map_err(|e| {
        format!(
            "not {{\"id\": …, \"spans\": [{{\"start\", \"end\", \"label\", \"score\"}}]}} ({e})"
        )
    })?;
    let Some(&len) = texts.get(answer.id.as_str()) else {
        return Err(format!("no document was sent with id {:?}", answer.id));
    };
    let list = output.suggestions.entry(answer.id.clone()).or_default();
    for span in answer.spans {
        if span.start >= span.end || span.end > len {
            return Err(format!(
                "span [{}, {}) of {:?} is empty or ends past its text ({len} code points; offsets are code points)",
                span.start, span.end, answer.id
            ));
        }
        crate::model::Schema::check_name(&span.label).map_err(|e| {
            format!(
                "span [{}, {}) of {:?}: {e}",
                span.start, span.end, answer.id
            )
        })?;
        list.push(Suggestion::new(
            Span::new(span.start, span.end, span.label.as_str()),
            Origin::Command,
        ));
    }
    Ok(())
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn shell(script: &str) -> CommandSettings {
        CommandSettings {
            program: "sh".to_owned(),
            args: vec!["-c".to_owned(), script.to_owned()],
            timeout_seconds: 10,
        }
    }

    fn docs() -> Vec<(String, String)> {
        vec![
            ("a".to_owned(), "😀 Homs\r\nحمص".to_owned()),
            ("b".to_owned(), "nothing".to_owned()),
        ]
    }

    fn run(script: &str) -> Result<CommandOutput, CommandError> {
        run_command(&shell(script), Path::new("."), &docs())
    }

    #[test]
    fn reads_the_answers_in_code_points() {
        // The command reads its input to the end first, as a real one does.
        let out = run(
            r#"cat >/dev/null; echo '{"id": "a", "spans": [{"start": 8, "end": 11, "label": "location", "score": 0.9}, {"start": 2, "end": 6, "label": "location"}]}'"#,
        )
        .unwrap();
        assert_eq!(
            out.suggestions["a"],
            [
                Suggestion::new(Span::new(2, 6, "location"), Origin::Command),
                Suggestion::new(Span::new(8, 11, "location"), Origin::Command),
            ]
        );
        assert_eq!(
            out.warnings,
            [
                "`sh -c \"cat >/dev/null; echo '{\\\"id\\\": \\\"a\\\", \\\"spans\\\": [{\\\"start\\\": 8, \\\"end\\\": 11, \\\"label\\\": \\\"location\\\", \\\"score\\\": 0.9}, {\\\"start\\\": 2, \\\"end\\\": 6, \\\"label\\\": \\\"location\\\"}]}'\"` said nothing about 1 of 2 documents"
            ]
        );
    }

    #[test]
    fn bad_answers_are_errors_naming_the_line() {
        let cases = [
            (r#"echo; echo 'hello'"#, "on line 2 of its output: not {"),
            (
                r#"echo '{"id": "zz", "spans": []}'"#,
                "on line 1 of its output: no document was sent with id \"zz\"",
            ),
            (
                r#"echo '{"id": "b", "spans": [{"start": 3, "end": 9, "label": "x"}]}'"#,
                "span [3, 9) of \"b\" is empty or ends past its text (7 code points; offsets are code points)",
            ),
            (
                r#"echo '{"id": "b", "spans": [{"start": 0, "end": 2, "label": "two words"}]}'"#,
                "label name \"two words\" is not allowed",
            ),
            (r#"echo oops >&2; exit 3"#, "failed (exit status: 3): oops"),
        ];
        for (script, expected) in cases {
            let e = run(script).unwrap_err().to_string();
            assert!(e.contains(expected), "{script}: {e}");
        }
        let e = run_command(
            &CommandSettings {
                program: "./no-such-model".to_owned(),
                args: vec![],
                timeout_seconds: 1,
            },
            Path::new("."),
            &docs(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("could not run `./no-such-model`: "), "{e}");
    }

    #[test]
    fn a_command_that_never_answers_is_stopped_at_its_limit() {
        // Waits for input that never ends: without the limit this would hang.
        let settings = shell("sleep 30");
        let started = Instant::now();
        let e = run_with_limit(
            &settings,
            Path::new("."),
            &docs(),
            Duration::from_millis(200),
        );
        assert!(matches!(e, Err(Failure::TimedOut)));
        assert!(started.elapsed() < Duration::from_secs(10));
        let message = CommandError::TimedOut {
            command: settings.command_line(),
            seconds: 60,
        }
        .to_string();
        assert_eq!(
            message,
            "`sh -c \"sleep 30\"` did not finish within 60 s (timeout_seconds in spantag.ron), so it was stopped"
        );
    }
}
