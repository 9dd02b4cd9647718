//! Labels of one's own: brat's `annotation.conf` read on import, `spantag schema init`,
//! labels outside the schema named once by import and stats and refused by export until
//! allowed. The fixture (`tests/fixtures/labels/brat/`) has curly quotes, an emoji,
//! Arabic and CRLF line ends.

use std::fs;
use std::path::Path;

use spantag::io::store::Corpus;
use spantag::model::palette::generate;
use spantag::model::{Label, Schema};

use crate::{copy_dir, repo, spantag};

/// Runs `spantag ARGS` in `dir`: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = spantag().args(args).current_dir(dir).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A temp folder holding `brat/` (the fixture) and an empty corpus `c/`.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo().join("tests/fixtures/labels/brat"),
        &dir.path().join("brat"),
    );
    fs::create_dir(dir.path().join("c")).unwrap();
    dir
}

/// `spantag import --from brat brat --annotator ANNOTATOR --into c EXTRA` in `dir`.
fn import_brat(dir: &Path, annotator: &str, extra: &[&str]) -> (i32, String, String) {
    let args = [
        "import",
        "--from",
        "brat",
        "brat",
        "--annotator",
        annotator,
        "--into",
        "c",
    ];
    run(dir, &[&args[..], extra].concat())
}

/// `setup`, with the brat fixture imported into `c` as alice.
fn imported() -> tempfile::TempDir {
    let dir = setup();
    let (code, _, err) = import_brat(dir.path(), "alice", &[]);
    assert_eq!(code, 0, "{err}");
    dir
}

/// (name, key) of each label of `c/spantag.ron`.
fn keys(dir: &Path) -> Vec<(String, char)> {
    Corpus::new(dir.join("c"))
        .load_schema()
        .unwrap()
        .labels
        .iter()
        .map(|l| (l.name.to_string(), l.key))
        .collect()
}

#[test]
fn import_names_the_labels_outside_the_schema_once_with_the_command() {
    let dir = setup();
    let (code, out, err) = import_brat(dir.path(), "alice", &[]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "imported 1 document (4 spans) into c as alice\n\
         labels not in the corpus schema: Disease, GENE, Place, Protein; add them to spantag.ron with: spantag schema init c\n"
    );
}

#[test]
fn import_counts_the_types_of_annotation_conf_and_points_at_it() {
    let dir = setup();
    // Every span's label is declared once Place is renamed: the conf names them all.
    let (code, out, _) = import_brat(dir.path(), "alice", &["--label-map", "Place=Disease"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "imported 1 document (4 spans) into c as alice\n\
         labels not in the corpus schema: Disease, GENE, Protein; add them to spantag.ron with: spantag schema init c --from brat/annotation.conf\n"
    );
    // A type brat cannot export is a refusal with its line, nothing imported.
    fs::write(
        dir.path().join("brat/annotation.conf"),
        "[entities]\r\nGENE\r\nCompany Name\r\n",
    )
    .unwrap();
    let (code, out, _) = import_brat(dir.path(), "bob", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "brat/annotation.conf:3:1: error: label name \"Company Name\" is not allowed: use 1 to 50 characters with no spaces or control characters\n\
         nothing was imported: fix the input and run again\n"
    );
}

#[test]
fn schema_init_from_annotation_conf_writes_keys_and_colours_in_its_order() {
    let dir = setup();
    let (code, out, err) = run(
        dir.path(),
        &["schema", "init", "c", "--from", "brat/annotation.conf"],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let colours = generate(&[], 3);
    let line = |key: char, name: &str, i: usize| {
        format!(
            "  {key}  {name:<7}  {}  dark {}\n",
            String::from(colours[i].light),
            String::from(colours[i].dark)
        )
    };
    assert_eq!(
        out,
        format!(
            "wrote c/spantag.ron with 3 labels from brat/annotation.conf\n{}{}{}",
            line('1', "GENE", 0),
            line('2', "Protein", 1),
            line('3', "Disease", 2)
        )
    );
    let schema = Corpus::new(dir.path().join("c")).load_schema().unwrap();
    assert_eq!(schema.labels[1].display, "Protein");
    assert_eq!(schema.labels[1].color, colours[1].light);
    assert_eq!(schema.labels[1].color_for(true), colours[1].dark);
    // A brat folder names its annotation.conf, and nothing is missing now.
    let (code, out, _) = run(dir.path(), &["schema", "init", "c", "--from", "brat"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "c/spantag.ron (3 labels) already has every label found in brat/annotation.conf; nothing to do\n"
    );
}

#[test]
fn schema_init_on_a_corpus_adds_the_missing_labels_and_keeps_the_rest() {
    let dir = imported();
    fs::write(
        dir.path().join("c/spantag.ron"),
        "(labels: [(name: \"GENE\", display: \"Gène\", color: \"#112233\", key: 'g')])",
    )
    .unwrap();
    let (code, out, _) = run(dir.path(), &["schema", "init", "c"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("added 3 labels to c/spantag.ron from c (kept 1)\n  1  Disease"),
        "{out}"
    );
    assert_eq!(
        keys(dir.path()),
        [
            ("GENE", 'g'),
            ("Disease", '1'),
            ("Place", '2'),
            ("Protein", '3')
        ]
        .map(|(n, k)| (n.to_owned(), k))
    );
    let schema = Corpus::new(dir.path().join("c")).load_schema().unwrap();
    assert_eq!(schema.labels[0].display, "Gène");
    assert_eq!(String::from(schema.labels[0].color), "#112233");

    // The import's own message is gone once the schema knows every label.
    let (_, out, _) = import_brat(dir.path(), "bob", &[]);
    assert_eq!(out, "imported 1 document (4 spans) into c as bob\n");

    let (code, out, _) = run(dir.path(), &["schema", "init", "c"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "c/spantag.ron (4 labels) already has every label found in c; nothing to do\n"
    );

    // --force starts again: sorted labels, keys from 1.
    let (code, _, _) = run(dir.path(), &["schema", "init", "c", "--force"]);
    assert_eq!(code, 0);
    assert_eq!(
        keys(dir.path()),
        [
            ("Disease", '1'),
            ("GENE", '2'),
            ("Place", '3'),
            ("Protein", '4')
        ]
        .map(|(n, k)| (n.to_owned(), k))
    );
}

#[test]
fn generated_keys_skip_the_keys_the_window_reads() {
    let dir = setup();
    let names: Vec<String> = (1..=25).map(|i| format!("T{i:02}")).collect();
    fs::write(
        dir.path().join("many.conf"),
        format!("[entities]\n{}\n", names.join("\n")),
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), &["schema", "init", "c", "--from", "many.conf"]);
    assert_eq!(code, 0, "{err}");
    let keys: String = keys(dir.path()).iter().map(|(_, k)| *k).collect();
    assert_eq!(keys, "123456789abcdefghijklmoqr");
    let schema = Corpus::new(dir.path().join("c")).load_schema().unwrap();
    schema.check().unwrap();
}

#[test]
fn schema_init_with_nothing_to_read_exits_1() {
    let dir = setup();
    let (code, out, err) = run(dir.path(), &["schema", "init", "c"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "c: no annotations/ folder and no annotation.conf; give a corpus folder or brat's annotation.conf\n"
    );
    fs::create_dir(dir.path().join("c/annotations")).unwrap();
    let (code, _, err) = run(dir.path(), &["schema", "init", "c"]);
    assert_eq!(code, 1);
    assert_eq!(err, "no labels found in c; nothing written\n");
    assert!(!dir.path().join("c/spantag.ron").exists());
}

#[test]
fn stats_lists_the_labels_outside_the_schema() {
    let dir = imported();
    let (code, out, _) = run(dir.path(), &["stats", "c"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "\noutside schema    Disease, GENE, Place, Protein (add them with: spantag schema init)\n"
        ),
        "{out}"
    );
    let (_, json, _) = run(dir.path(), &["stats", "c", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["labels_outside_schema"],
        serde_json::json!(["Disease", "GENE", "Place", "Protein"])
    );
}

#[test]
fn export_refuses_labels_outside_the_schema_until_allowed() {
    let dir = imported();
    for format in ["jsonl", "hf", "brat"] {
        let (code, out, err) = run(
            dir.path(),
            &["export", "c", "--format", format, "--out", "out"],
        );
        assert_eq!((code, out.as_str()), (1, ""), "{format}");
        assert_eq!(
            err,
            "labels not in the corpus schema: Disease, GENE, Place, Protein; nothing written (add them with: spantag schema init, or export them anyway with --allow-unknown-labels)\n"
        );
        assert!(!dir.path().join("out").exists());
    }
    let (code, out, _) = run(
        dir.path(),
        &[
            "export",
            "c",
            "--format",
            "brat",
            "--out",
            "out",
            "--allow-unknown-labels",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with(
            "\nlabels not in the corpus schema, exported as asked: Disease, GENE, Place, Protein\n"
        ),
        "{out}"
    );
    // The schema's labels first (the default ones here), then the others.
    assert_eq!(
        fs::read_to_string(dir.path().join("out/annotation.conf")).unwrap(),
        "[entities]\nactor\nlocation\nevent\nDisease\nGENE\nPlace\nProtein\n\n[relations]\n\n[events]\n\n[attributes]\n"
    );
}

#[test]
fn label_files_of_exports_hold_the_schema_labels() {
    let dir = imported();
    let (code, _, _) = run(dir.path(), &["schema", "init", "c", "--from", "brat"]);
    assert_eq!(code, 0);
    // Place is used but not declared by brat: add it to the schema by hand.
    let (code, _, _) = run(dir.path(), &["schema", "init", "c"]);
    assert_eq!(code, 0);
    let (code, out, err) = run(
        dir.path(),
        &["export", "c", "--format", "brat", "--out", "brat-out"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("brat-out/annotation.conf")).unwrap(),
        "[entities]\nGENE\nProtein\nDisease\nPlace\n\n[relations]\n\n[events]\n\n[attributes]\n"
    );
    // The .ann reads back with the same labels and offsets.
    assert_eq!(
        fs::read_to_string(dir.path().join("brat-out/news.ann")).unwrap(),
        fs::read_to_string(dir.path().join("brat/news.ann")).unwrap()
    );
    let (code, out, err) = run(
        dir.path(),
        &["export", "c", "--format", "hf", "--out", "hf-out"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let labels: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("hf-out/labels.json")).unwrap())
            .unwrap();
    assert_eq!(
        labels,
        serde_json::json!([
            "O",
            "B-GENE",
            "I-GENE",
            "B-Protein",
            "I-Protein",
            "B-Disease",
            "I-Disease",
            "B-Place",
            "I-Place"
        ])
    );
    // Nothing in the schema is left unknown.
    let schema: Schema = Corpus::new(dir.path().join("c")).load_schema().unwrap();
    assert!(
        ["GENE", "Protein", "Disease", "Place"]
            .iter()
            .all(|l| schema.knows(&Label::new(*l)))
    );
}
