//! The README's `$ spantag …` examples (its `console` blocks), run with `trycmd`: the
//! README cannot drift from the binary. `TRYCMD=overwrite` rewrites the printed output.

#[cfg(unix)]
#[test]
fn readme_examples_print_what_the_readme_shows() {
    use crate::{copy_dir, repo};

    // trycmd runs the commands of `X.md` in `X.in/` when there is one: here a copy of the
    // bundled corpus and the fixtures, so an example that writes cannot touch the repo.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("README.in");
    for sub in ["samples", "annotations", "gazetteers", "tests/fixtures"] {
        copy_dir(&repo().join(sub), &copy.join(sub));
    }
    // A link, not a copy, so that TRYCMD=overwrite rewrites the real README.
    let readme = dir.path().join("README.md");
    std::os::unix::fs::symlink(repo().join("README.md"), &readme).unwrap();
    trycmd::TestCases::new()
        .register_bin(
            "spantag",
            std::path::Path::new(env!("CARGO_BIN_EXE_spantag")),
        )
        .case(&readme)
        .run();
}
